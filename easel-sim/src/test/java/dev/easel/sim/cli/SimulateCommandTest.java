package dev.easel.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    @TempDir
    Path out;

    @Test
    void traceRun_writesReportCsvAndCharts() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        StringWriter output = new StringWriter();

        int exitCode = command(output, new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo,round-robin", "--flood-factor", "2", "--backlog-load", "2", "--out", out.toString());

        assertThat(exitCode).isZero();
        assertThat(output.toString()).contains("== assumptions", "== base", "== flood", "== backlog", "== goals");
        assertThat(Files.readString(out.resolve("report.txt"))).contains("round-robin");
        assertThat(Files.readAllLines(out.resolve("results.csv")).get(0)).isEqualTo("scenario,policy,metric,value");
        assertThat(out.resolve("wait-p95-base.png")).exists();
        assertThat(out.resolve("wait-p95-flood.png")).exists();
    }

    @Test
    void fifoLoadBasis_buildsWorkloadBelowRequestedSoloLoad() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        StringWriter output = new StringWriter();

        int exitCode = command(output, new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo", "--flood-factor", "0", "--backlog-load", "2", "--load", "0.9", "--out", out.toString());

        assertThat(exitCode).isZero();
        assertThat(output.toString()).contains("load 0.90 = sum of solo run times / (FIFO's capacity x span)");
        double soloLoad = soloLoadInReport(output.toString());
        assertThat(soloLoad).isGreaterThan(0).isLessThan(0.9);
    }

    @Test
    void soloLoadBasis_usesLoadAsGiven() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        StringWriter output = new StringWriter();

        int exitCode = command(output, new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo", "--flood-factor", "0", "--backlog-load", "0", "--load-basis", "solo", "--out", out.toString());

        assertThat(exitCode).isZero();
        assertThat(output.toString()).contains("load 0.90 = sum of solo run times / (2 slots x span");
        assertThat(output.toString()).contains("for a solo load of 0.900 on 2 workers");
    }

    @Test
    void unknownLoadBasis_exitsWithMessage() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--load-basis", "gpu", "--jobs", "10", "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("--load-basis: unknown basis 'gpu', expected fifo or solo");
    }

    private static double soloLoadInReport(String report) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("built at a solo load of ([0-9.]+)").matcher(report);
        assertThat(matcher.find()).as("solo load in the report").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void unknownPolicy_exitsWithMessage() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--policies", "lottery", "--jobs", "10", "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("unknown policy 'lottery'", "fifo");
    }

    @Test
    void traceWorkloadWithoutTrace_exitsWithMessage() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--workload", "trace", "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("--workload trace needs --trace FILE");
    }

    private static CommandLine command(StringWriter output, StringWriter errors) {
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(output));
        command.setErr(new PrintWriter(errors));
        return command;
    }
}
