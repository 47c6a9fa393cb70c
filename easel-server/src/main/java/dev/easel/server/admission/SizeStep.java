package dev.easel.server.admission;

/**
 * The image sizes a model accepts, which a resolution cap must keep to: width and height are
 * multiples of {@code multiple} and at least {@code minimum} pixels.
 *
 * @param multiple the pixel multiple of each side, at least 1
 * @param minimum  the smallest side in pixels, a multiple of {@code multiple}
 */
public record SizeStep(int multiple, int minimum) {

    /**
     * The step used when the model's schema declares none: 64 pixels, a size that Stable
     * Diffusion 1.x and SDXL accept (their VAE downsamples by 8 and their UNet by 8 more).
     */
    public static final SizeStep DEFAULT = new SizeStep(64, 64);

    public SizeStep {
        if (multiple < 1 || minimum < multiple || minimum % multiple != 0) {
            throw new IllegalArgumentException("size step needs multiple >= 1 and a minimum that is a multiple of it; was "
                    + multiple + " and " + minimum);
        }
    }

    /**
     * Returns the step of a width or height parameter.
     *
     * @param multipleOf the parameter's multiple, or {@code null} for any integer
     * @param min        the parameter's minimum, or {@code null} for none
     */
    public static SizeStep of(Integer multipleOf, Number min) {
        int multiple = multipleOf == null || multipleOf < 1 ? 1 : multipleOf;
        int smallest = min == null ? 1 : Math.max(1, (int) Math.ceil(min.doubleValue()));
        int minimum = (smallest + multiple - 1) / multiple * multiple;
        return new SizeStep(multiple, minimum);
    }

    /** Rounds a size down to the multiple, but not below the minimum. */
    int roundDown(double size) {
        return Math.max(minimum, (int) (size / multiple) * multiple);
    }
}
