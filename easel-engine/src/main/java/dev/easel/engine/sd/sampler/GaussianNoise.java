package dev.easel.engine.sd.sampler;

/**
 * A seeded stream of standard normal numbers, one stream per image.
 *
 * <p>Implementation notes: uniform numbers come from SplitMix64 (Steele, Lea and Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014) started at the seed; pairs of them
 * become two normal numbers by the Box–Muller transform. Both are written out here, with {@link StrictMath} for the transcendental functions, rather than
 * taken from {@link java.util.Random} or {@link java.util.random.RandomGenerator}, so a seed gives
 * the same numbers on every JVM and platform. Note that these numbers differ from
 * {@code torch.randn} with the same seed (PyTorch uses a Mersenne Twister on the CPU and Philox
 * on CUDA), so a seed does not reproduce an image made with diffusers.
 *
 * <p>Not thread-safe; each image owns its stream.
 */
public final class GaussianNoise {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spare;
    private boolean hasSpare;

    /** Starts the stream for {@code seed}. */
    public GaussianNoise(long seed) {
        this.state = seed;
    }

    /** Returns the next standard normal number. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = nextUniformExcludingZero();
        double u2 = nextUniformExcludingZero();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spare = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /** Fills {@code target} with standard normal numbers. */
    public void fill(float[] target) {
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) nextGaussian();
        }
    }

    /** Returns a new array of {@code length} standard normal numbers. */
    public float[] next(int length) {
        float[] values = new float[length];
        fill(values);
        return values;
    }

    private double nextUniformExcludingZero() {
        return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
    }

    private long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
