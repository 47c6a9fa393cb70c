package dev.easel.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(output.toString()).contains("for a solo load of 0.900 on 2 slots");
    }

    @Test
    void unknownLoadBasis_exitsWithMessage() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--load-basis", "gpu", "--jobs", "10", "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).isEqualTo("error: invalid --load-basis gpu: expected fifo or solo" + System.lineSeparator());
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
        assertThat(errors.toString()).startsWith("error: invalid --policies lottery: unknown policy 'lottery'").contains("fifo");
    }

    @Test
    void traceWorkloadWithoutTrace_exitsWithMessage() {
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--workload", "trace", "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(errors.toString()).contains("error: invalid --workload trace: it needs --trace FILE");
    }

    @Test
    void slots_countInOfferedLoad() throws Exception {
        String fourWorkers = soloRunOutput("--workers", "4", "--slots", "1");
        String twoWorkersTwoSlots = soloRunOutput("--workers", "2", "--slots", "2");

        assertThat(timeScale(twoWorkersTwoSlots)).isEqualTo(timeScale(fourWorkers));
        assertThat(twoWorkersTwoSlots).contains("for a solo load of 0.900 on 4 slots", "(4 slots x span");
    }

    @Test
    void report_startsWithCommandSeedAndVersion() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());

        int exitCode = command(new StringWriter(), new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo", "--flood-factor", "0", "--backlog-load", "0", "--load-basis", "solo", "--seed", "42",
                "--out", out.toString());

        assertThat(exitCode).isZero();
        List<String> lines = Files.readAllLines(out.resolve("report.txt"));
        assertThat(lines.get(0)).isEqualTo("== run");
        assertThat(lines.get(1)).isEqualTo("- command: easel simulate --trace " + trace + " --workers 2 --policies fifo"
                + " --flood-factor 0 --backlog-load 0 --load-basis solo --seed 42 --out " + out);
        assertThat(lines.get(2)).isEqualTo("- seed: 42");
        assertThat(lines.get(3)).matches("- version: easel \\S+");
    }

    @Test
    void version_printsEaselVersion() {
        StringWriter output = new StringWriter();

        int exitCode = command(output, new StringWriter()).execute("--version");

        assertThat(exitCode).isZero();
        assertThat(output.toString()).matches("easel \\S+\\R");
    }

    @Test
    void version_asSubcommand_printsParentVersion() {
        CommandLine parent = new CommandLine(CommandLine.Model.CommandSpec.create().name("easel").version("easel 9.8.7"));
        parent.addSubcommand("simulate", new SimulateCommand());
        StringWriter output = new StringWriter();
        parent.setOut(new PrintWriter(output));

        int exitCode = parent.execute("simulate", "--version");

        assertThat(exitCode).isZero();
        assertThat(output.toString()).isEqualTo("easel 9.8.7" + System.lineSeparator());
    }

    @Test
    void earlierOutputs_removedOtherFilesKept() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        Files.writeString(out.resolve("wait-p95-flood.png"), "old chart");
        Files.writeString(out.resolve("results.csv"), "old results");
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("wait-p95-flood.txt"), "not a chart");

        int exitCode = command(new StringWriter(), new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo", "--flood-factor", "0", "--backlog-load", "0", "--load-basis", "solo", "--out", out.toString());

        assertThat(exitCode).isZero();
        assertThat(out.resolve("wait-p95-flood.png")).doesNotExist();
        assertThat(out.resolve("wait-p95-base.png")).exists();
        assertThat(Files.readString(out.resolve("results.csv"))).startsWith("scenario,policy,metric,value");
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(out.resolve("wait-p95-flood.txt")).hasContent("not a chart");
    }

    @Test
    void goals_checkEaselOnly() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        StringWriter output = new StringWriter();

        int exitCode = command(output, new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo,easel", "--flood-factor", "2", "--backlog-load", "0", "--load-basis", "solo",
                "--tier-mix", "high=0.5,low=0.5", "--flood-tier", "low", "--out", out.toString());

        assertThat(exitCode).isZero();
        String goals = output.toString().substring(output.toString().indexOf("== goals"));
        List<String> verdicts = goals.lines().skip(1).takeWhile(line -> !line.isBlank()).toList();
        assertThat(verdicts).isNotEmpty().allSatisfy(line -> assertThat(line).contains(" easel ").doesNotContain(" fifo "));
        assertThat(verdicts).anySatisfy(line -> assertThat(line).startsWith("high p95 wait <= 0.3x FIFO"));
    }

    @Test
    void resultsCsv_plainDecimalsFloodAndGoalRows() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());

        int exitCode = command(new StringWriter(), new StringWriter()).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo,easel", "--flood-factor", "2", "--backlog-load", "0", "--load-basis", "solo",
                "--out", out.toString());

        assertThat(exitCode).isZero();
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row.substring(row.lastIndexOf(',') + 1))
                .matches("(-?[0-9]+(\\.[0-9]*[1-9])?)?"));
        assertThat(rows).contains("base,fifo,completed jobs,6");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("flood-isolation,easel,others' p95 wait with / without flood "));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("goals,easel,idle while runnable < 2 % met,"));
    }

    @Test
    void progress_namesMetricsPhase() throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        StringWriter errors = new StringWriter();

        int exitCode = command(new StringWriter(), errors).execute("--trace", trace.toString(), "--workers", "2",
                "--policies", "fifo", "--flood-factor", "0", "--backlog-load", "0", "--load-basis", "solo", "--out", out.toString());

        assertThat(exitCode).isZero();
        assertThat(errors.toString()).contains("base/fifo: simulated in ", " s wall, computing metrics",
                " s wall with metrics");
    }

    private String soloRunOutput(String... capacity) throws Exception {
        Path trace = Path.of(SimulateCommandTest.class.getResource("/trace-fixture.csv").toURI());
        List<String> args = new java.util.ArrayList<>(List.of("--trace", trace.toString(), "--policies", "fifo",
                "--flood-factor", "0", "--backlog-load", "0", "--load-basis", "solo", "--out", out.toString()));
        args.addAll(List.of(capacity));
        StringWriter output = new StringWriter();
        assertThat(command(output, new StringWriter()).execute(args.toArray(String[]::new))).isZero();
        return output.toString();
    }

    private static String timeScale(String report) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("arrivals scaled by ([0-9.]+)").matcher(report);
        assertThat(matcher.find()).as("time scale in the report").isTrue();
        return matcher.group(1);
    }

    private static CommandLine command(StringWriter output, StringWriter errors) {
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(output));
        command.setErr(new PrintWriter(errors));
        return command;
    }
}
