package dev.easel.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Bad input to {@code easel simulate}: one {@code error:} line, exit code 2, and no simulation run. */
class SimulateCommandInputTest {

    @TempDir
    Path folder;

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of(List.of("--workers", "0"), "error: invalid --workers 0: must be between 1 and 10000"),
                Arguments.of(List.of("--workers", "1000000"), "error: invalid --workers 1000000: must be between 1 and 10000"),
                Arguments.of(List.of("--slots", "0"), "error: invalid --slots 0: must be between 1 and 64"),
                Arguments.of(List.of("--max-batch", "0"), "error: invalid --max-batch 0: must be between 1 and"),
                Arguments.of(List.of("--models-per-worker", "0"), "error: invalid --models-per-worker 0: must be between 1 and"),
                Arguments.of(List.of("--users", "0"), "error: invalid --users 0: must be between 1 and"),
                Arguments.of(List.of("--jobs", "0"), "error: invalid --jobs 0: must be between 1 and 1000000"),
                Arguments.of(List.of("--jobs", "2000000000"), "error: invalid --jobs 2000000000: must be between 1 and 1000000"),
                Arguments.of(List.of("--limit", "-5"), "error: invalid --limit -5: must be at least 0"),
                Arguments.of(List.of("--batch-marginal", "1.5"), "error: invalid --batch-marginal 1.5: must be between 0 and 1"),
                Arguments.of(List.of("--fairness-window", "9223372036854775807"),
                        "error: invalid --fairness-window 9223372036854775807: must be between 1 and 2592000 seconds"),
                Arguments.of(List.of("--eta-floor", "0"), "error: invalid --eta-floor 0: must be between 1 and 86400 seconds"),
                Arguments.of(List.of("--eta-sample-every", "-1"), "error: invalid --eta-sample-every -1: must be at least 0"),
                Arguments.of(List.of("--tick", "0"), "error: invalid --tick 0: must be between 1 and 3600000 ms"),
                Arguments.of(List.of("--tier-mix", "high=2"), "error: invalid --tier-mix high=2: tier mix: fractions must sum to 1"),
                Arguments.of(List.of("--tier-mix", "gold=1"), "error: invalid --tier-mix gold=1: unknown tier 'gold'"),
                Arguments.of(List.of("--load", "1e-12"), "error: invalid --load 1.0E-12: must be a load between 0.001 and 1000"),
                Arguments.of(List.of("--load", "Infinity"), "error: invalid --load Infinity: must be a load between 0.001 and 1000"),
                Arguments.of(List.of("--load", "NaN"), "error: invalid --load NaN: must be a load between 0.001 and 1000"),
                Arguments.of(List.of("--backlog-load", "-1"), "error: invalid --backlog-load -1: must be 0 (skip the scenario) or a load"),
                Arguments.of(List.of("--flood-factor", "-1"), "error: invalid --flood-factor -1: must be 0 (no flood scenario) or a number up to 100"),
                Arguments.of(List.of("--flood-factor", "Infinity"), "error: invalid --flood-factor Infinity: must be 0"),
                Arguments.of(List.of("--flood-factor", "1e6"), "error: invalid --flood-factor 1000000: must be 0"),
                Arguments.of(List.of("--peak-factor", "20"), "error: invalid --peak-factor 20 with --peak-fraction 0.1: their product must be below 1"),
                Arguments.of(List.of("--policies", "easel,easel"), "error: invalid --policies easel,easel: policy 'easel' is given twice"),
                Arguments.of(List.of("--policies", "lottery"), "error: invalid --policies lottery: unknown policy 'lottery'"),
                Arguments.of(List.of("--flood-tier", "realtime"), "error: invalid --flood-tier realtime: the tier is not in the tier mix"),
                Arguments.of(List.of("--workload", "daily"), "error: invalid --workload daily: expected trace, poisson, bursty or auto"));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void invalidOption_oneErrorLineExitTwo(List<String> option, String expected) {
        List<String> args = new ArrayList<>(List.of("--out", folder.resolve("out").toString()));
        args.addAll(option);
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();

        int exitCode = command(output, errors).execute(args.toArray(String[]::new));

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).startsWith(expected);
        assertThat(errors.toString().lines()).hasSize(1);
        assertThat(output.toString()).as("nothing simulated").isEmpty();
    }

    @Test
    void emptyOut_isRejected() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--jobs", "300", "--out", "");

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).startsWith("error: invalid --out '': must name a folder");
    }

    @Test
    void outIsFile_rejectedBeforeSimulating() throws Exception {
        Path file = Files.writeString(folder.resolve("taken"), "keep me");
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();

        int exitCode = command(output, errors).execute("--jobs", "300", "--users", "20", "--out", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).isEqualTo("error: invalid --out " + file + ": is a file, expected a folder" + System.lineSeparator());
        assertThat(output.toString()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void outUnderFile_rejectedBeforeSimulating() throws Exception {
        Path file = Files.writeString(folder.resolve("taken"), "keep me");
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--jobs", "300", "--users", "20", "--out",
                file.resolve("results").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).startsWith("error: invalid --out " + file.resolve("results") + ": cannot create the folder");
        assertThat(errors.toString().lines()).hasSize(1);
    }

    @Test
    void traceIsFolder_oneErrorLine() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--trace", folder.toString(), "--out",
                folder.resolve("out").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).isEqualTo("error: " + folder + ": is a folder, expected a CSV file" + System.lineSeparator());
    }

    @Test
    void loadLatenciesIsFolder_oneErrorLine() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--load-latencies", folder.toString(), "--jobs", "300",
                "--out", folder.resolve("out").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).isEqualTo("error: " + folder + ": is a folder, expected a CSV file" + System.lineSeparator());
    }

    @Test
    void floodTooLarge_rejectedBeforeSimulating() {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();

        int exitCode = command(output, errors).execute("--jobs", "100000", "--flood-factor", "100", "--backlog-load", "0",
                "--load-basis", "solo", "--out", folder.resolve("out").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).startsWith("error: invalid --flood-factor 100: it would add about 10000000 flood jobs");
        assertThat(output.toString()).isEmpty();
    }

    @Test
    void calibrationWithoutQueue_suggestsSoloBasis() throws Exception {
        Path trace = Path.of(SimulateCommandInputTest.class.getResource("/trace-fixture.csv").toURI());
        StringWriter errors = new StringWriter();

        // Six requests on 100 workers never queue, so the FIFO run measures no capacity.
        int exitCode = command(new StringWriter(), errors).execute("--trace", trace.toString(), "--workers", "100",
                "--policies", "fifo", "--flood-factor", "0", "--backlog-load", "0", "--out", folder.resolve("out").toString());

        assertThat(exitCode).isEqualTo(2);
        String error = errors.toString().lines().filter(line -> line.startsWith("error:")).findFirst().orElseThrow();
        assertThat(error).contains("solo load 3 (the default used because --backlog-load is 0)", "--load-basis solo",
                "set --backlog-load above 3");
    }

    @Test
    void help_statesCalibrationLoadWhenBacklogSkipped() {
        StringWriter output = new StringWriter();

        command(output, new StringWriter()).execute("--help");

        assertThat(output.toString().replaceAll("\\s+", " ")).contains("or at solo load 3 when --backlog-load is 0");
    }

    private static CommandLine command(StringWriter output, StringWriter errors) {
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(output));
        command.setErr(new PrintWriter(errors));
        return command;
    }
}
