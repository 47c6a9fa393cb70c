package dev.easel.sim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version {@code easel simulate --version} prints and the report records: the version of the
 * {@code easel} command when the simulator runs as its subcommand, else {@code easel} and the
 * Maven project version of this module.
 */
final class SimulatorVersion implements CommandLine.IVersionProvider {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {of(spec)};
    }

    /** Returns the version line for a command, preferring its parent's. */
    static String of(CommandLine.Model.CommandSpec command) {
        CommandLine.Model.CommandSpec parent = command == null ? null : command.parent();
        if (parent != null && parent.version().length > 0) {
            return parent.version()[0];
        }
        return "easel " + moduleVersion();
    }

    private static String moduleVersion() {
        Properties properties = new Properties();
        try (InputStream in = SimulatorVersion.class.getResourceAsStream("/dev/easel/sim/version.properties")) {
            if (in == null) {
                return "(version unknown: version.properties is missing from the class path)";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the simulator's version.properties failed", e);
        }
        return properties.getProperty("version", "(version unknown)");
    }
}
