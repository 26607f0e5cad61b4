package dev.kiq.cli;

import dev.kiq.profile.ModelServerInfo;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.Profile;
import dev.kiq.profile.ProfileWriter;
import dev.kiq.profile.ResourcesUsed;
import dev.kiq.recommend.CurveFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** A profile folder for CLI tests and an in-process runner that captures stdout and stderr. */
final class CliFixtures {

    static final String MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";

    private CliFixtures() {
    }

    /** The A100 fixture at v0.7.2 and v0.11.0, plus an H100 twice as fast, under a throwaway kiq home. */
    static Path profilesDir(Path root) {
        System.setProperty("kiq.home", root.resolve("home").toString());
        Path dir = root.resolve("profiles");
        Profile a100 = CurveFixtures.deepseekOnA100();
        write(dir, "a100-v072.yaml", a100);
        write(dir, "a100-v0110.yaml", withVersion(a100, "v0.11.0"));
        List<PerformancePoint> doubled = a100.performanceStats().stream().map(p -> new PerformancePoint(
                p.queriesPerSecond() * 2, p.outputTokensPerSecond() * 2, p.inputTokensPerSecond() * 2,
                p.ntpotMilliseconds() * 0.42, p.ttftMilliseconds() * 0.42, p.itlMilliseconds() * 0.42,
                p.queueSize(), p.batchSize() * 2, p.kvCacheUsage())).toList();
        Profile h100 = new Profile(a100.modelServerInfo(), "nvidia-h100-80gb", Optional.empty(), "a3-highgpu-1g",
                new ResourcesUsed(1), doubled, a100.provenance(), a100.serverConfig(),
                Optional.of(doubled.get(CurveFixtures.KNEE_INDEX)));
        write(dir, "h100-v072.yaml", h100);
        return dir;
    }

    static Profile withVersion(Profile p, String version) {
        return new Profile(new ModelServerInfo(p.modelServerInfo().model(), p.modelServerInfo().modelServer(), version),
                p.acceleratorType(), p.tpuTopology(), p.instanceType(), p.resourcesUsed(), p.performanceStats(),
                p.provenance(), p.serverConfig(), p.knee());
    }

    private static void write(Path dir, String name, Profile profile) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ProfileWriter.write(profile, dir.resolve(name));
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = KiqCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
