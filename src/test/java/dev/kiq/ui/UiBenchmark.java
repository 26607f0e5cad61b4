package dev.kiq.ui;

import dev.kiq.ui.manifests.ManifestsStepView;
import dev.kiq.ui.manifests.YamlEditor;
import dev.kiq.ui.performance.PerformanceStepView;
import dev.kiq.ui.service.CoreAdapters;
import dev.kiq.ui.service.Services;
import dev.kiq.ui.task.UiTaskExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The wizard's speed figures (a benchmark, not a test; run by hand, see README "Benchmarks"):
 * <ol>
 *   <li>launch to first interactive window: N fresh JVMs start {@link KiqApp} headless (Monocle, software
 *       rendering) with {@code -Dkiq.benchmark.startup=true}, which prints the time from JVM start to the
 *       end of the first layout pulse of the shown window, then exits;</li>
 *   <li>target-line drag: on the real core, DeepSeek-R1-Distill-Qwen-7B / vLLM / nvidia-h100-80gb, the
 *       Performance page shown, the accelerator table and the manifests live; each step calls what a mouse
 *       drag calls ({@code ProfileChart.dragTo}), which updates the analysis, redraws the chart, re-sorts the
 *       table and regenerates the YAML, then waits for the next pulse's CSS and layout;</li>
 *   <li>YAML validation ({@code UiBenchmark 0 0 N}): N keystrokes in the Manifests editor, see
 *       {@link #validation(int)}; a new workload ({@code UiBenchmark 0 0 0 N}), below.</li>
 * </ol>
 * Prints medians (and p90) in milliseconds.
 */
public final class UiBenchmark {

    private static final String[] HEADLESS = {"-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
        "-Dprism.order=sw", "-Dprism.text=t2k", "-Dheadless.geometry=1600x1200-32", "-Djava.awt.headless=true"};

    public static void main(String[] args) throws Exception {
        int launches = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int drags = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int edits = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int workloads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try {
            if (launches > 0) {
                startup(launches);
            }
            if (drags > 0) {
                drag(drags);
            }
            if (edits > 0) {
                validation(edits);
            } else if (workloads > 0) {
                workloads(workloads);
            }
        } finally {
            System.exit(0);
        }
    }

    static void startup(int launches) throws Exception {
        List<Double> millis = new ArrayList<>();
        List<Double> shownMillis = new ArrayList<>();
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < launches; i++) {
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
            cmd.addAll(List.of(HEADLESS));
            cmd.addAll(List.of("-Dkiq.benchmark.startup=true", "-Dkiq.home=" + System.getProperty("java.io.tmpdir")
                    + "/kiq-bench-home", "dev.kiq.Launcher", "ui"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String figure = null;
            String shown = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("kiq.windowShownMillis=")) {
                        shown = line.substring(line.indexOf('=') + 1);
                    }
                    if (line.startsWith("kiq.firstWindowMillis=")) {
                        figure = line.substring(line.indexOf('=') + 1);
                    }
                }
            }
            p.waitFor(60, TimeUnit.SECONDS);
            if (figure == null) {
                throw new IllegalStateException("launch " + i + " printed no figure");
            }
            millis.add(Double.parseDouble(figure));
            if (shown != null) {
                shownMillis.add(Double.parseDouble(shown));
            }
        }
        report("launch to window shown (loading page)", shownMillis);
        report("launch to first interactive window (wizard ready)", millis);
    }

    static void drag(int steps) throws Exception {
        Shown shown = showWizard(5, 4); // manifests live, then the Performance page
        Wizard[] wizard = {shown.wizard()};
        Scene[] scene = {shown.scene()};
        PerformanceStepView page = (PerformanceStepView) wizard[0].view().page(4);
        var profile = wizard[0].state().profileProperty().get();
        int points = profile.performanceStats().size();
        double knee = wizard[0].state().analysis().orElseThrow().knee().orElseThrow().ntpotMilliseconds();
        double min = profile.performanceStats().stream().mapToDouble(p -> p.ntpotMilliseconds()).min().orElseThrow();
        List<Double> update = new ArrayList<>();
        List<Double> pulse = new ArrayList<>();
        List<Double> model = new ArrayList<>();
        List<Double> yaml = new ArrayList<>();
        List<Double> redraw = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        AtomicLong pulseStart = new AtomicLong();
        AtomicLong pulseEnd = new AtomicLong();
        // the start of the pulse that laid the move out: read when it ends, since later pulses (the regenerated YAML
        // arriving while the loop waits for it) set pulseStart again
        AtomicLong pulseBegan = new AtomicLong();
        onFx(() -> scene[0].addPreLayoutPulseListener(() -> pulseStart.set(System.nanoTime())));
        for (int i = 0; i < steps + 30; i++) {
            // sweep the line between just above the minimum latency and 1.5x the knee's, like a slow drag
            double f = (Math.sin(i / 10.0) + 1) / 2;
            double target = min * 1.02 + f * (knee * 1.5 - min * 1.02);
            long[] t = new long[3];
            CountDownLatch laidOut = new CountDownLatch(1);
            CountDownLatch yamlDone = new CountDownLatch(1);
            long[] yamlAt = new long[1];
            javafx.beans.value.ChangeListener<String> yamlListener = (o, a, b) -> {
                yamlAt[0] = System.nanoTime();
                yamlDone.countDown();
            };
            onFx(() -> wizard[0].state().manifestsProperty().addListener(yamlListener));
            Runnable after = () -> {
                pulseEnd.set(System.nanoTime());
                pulseBegan.set(pulseStart.get());
                laidOut.countDown();
            };
            onFx(() -> {
                scene[0].addPostLayoutPulseListener(after);
                t[0] = System.nanoTime();
                page.chart().dragTo(target);
                t[2] = System.nanoTime();
                t[1] = t[2];
                Platform.requestNextPulse();
            });
            laidOut.await(10, TimeUnit.SECONDS);
            onFx(() -> scene[0].removePostLayoutPulseListener(after));
            // the manifests are regenerated off the UI thread; wait until the new text is in place
            yamlDone.await(10, TimeUnit.SECONDS);
            onFx(() -> wizard[0].state().manifestsProperty().removeListener(yamlListener));
            if (i >= 30) { // warm-up
                yaml.add((yamlAt[0] - t[0]) / 1e6);
                update.add((t[1] - t[0]) / 1e6);
                model.add((t[2] - t[0]) / 1e6);
                redraw.add((t[1] - t[2]) / 1e6);
                pulse.add((pulseEnd.get() - pulseBegan.get()) / 1e6);
                total.add((t[1] - t[0] + pulseEnd.get() - pulseBegan.get()) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "profile: %s on %dx %s, %d points; YAML %d chars%n",
                profile.modelServerInfo().model(), profile.acceleratorCount(), profile.acceleratorType(), points,
                wizard[0].state().manifestsProperty().get().length());
        report("drag: analysis, table rows, chart overlay, summary (UI thread)", update);
        report("drag: next pulse CSS + layout (table, labels, overlay)", pulse);
        report("drag: total per move", total);
        report("drag: until the regenerated YAML is in place (background)", yaml);
        Platform.exit();
    }

    /**
     * Manifests YAML validation latency (issue 11 defect 9, goal 300 ms after the last keystroke): on the real core,
     * the Manifests page shown, the YAML editor gets what a keystroke gives it (a replacement of the replicas value,
     * alternately breaking it to "two" and mending it), and the time until the step's problem changes (shown or
     * cleared) is the latency. Also printed: the UI thread's share (the editor's own update, highlighting and the
     * view model's edit), one validation alone on this thread, and the process's CPU time per edit.
     */
    static void validation(int edits) throws Exception {
        // the toolkit of its own (drag() ends with Platform.exit): run it as "UiBenchmark 0 0 N"
        Shown shown = showWizard(5);
        Wizard[] wizard = {shown.wizard()};
        Services[] services = {shown.services()};
        YamlEditor editor = ((ManifestsStepView) wizard[0].view().page(5)).editor();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String[] text = {""};
        while (text[0].isBlank() && System.nanoTime() < until) {
            Thread.sleep(50);
            onFx(() -> text[0] = editor.getText());
        }
        String valid = text[0];
        java.util.regex.Matcher replicas = java.util.regex.Pattern.compile("replicas: (\\d+)").matcher(valid);
        if (!replicas.find()) {
            throw new IllegalStateException("the manifests have no replicas line");
        }
        int at = replicas.start(1);
        String digits = replicas.group(1);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        List<Double> alone = new ArrayList<>();
        List<Double> aloneCpu = new ArrayList<>();
        String broken = valid.substring(0, at) + "two" + valid.substring(at + digits.length());
        for (int i = 0; i < 40; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            services[0].manifests().validate(i % 2 == 0 ? broken : valid);
            if (i >= 10) {
                alone.add((System.nanoTime() - t) / 1e6);
                aloneCpu.add((threads.getCurrentThreadCpuTime() - c) / 1e6);
            }
        }
        List<Double> latency = new ArrayList<>();
        List<Double> uiThread = new ArrayList<>();
        long cpuStart = 0;
        java.util.Map<Long, Long> threadCpu = new java.util.HashMap<>();
        for (int i = 0; i < edits + 10; i++) {
            boolean expectProblem = i % 2 == 0;
            String replacement = expectProblem ? "two" : digits;
            int length = expectProblem ? digits.length() : "two".length();
            CountDownLatch changed = new CountDownLatch(1);
            long[] seenAt = new long[1];
            javafx.beans.value.ChangeListener<java.util.Optional<dev.kiq.ui.service.YamlProblem>> l = (o, a, b) -> {
                if (b.isPresent() == expectProblem) {
                    seenAt[0] = System.nanoTime();
                    changed.countDown();
                }
            };
            if (i == 10) {
                cpuStart = os.getProcessCpuTime();
                for (long id : threads.getAllThreadIds()) {
                    threadCpu.put(id, threads.getThreadCpuTime(id));
                }
            }
            long[] t = new long[2];
            onFx(() -> {
                wizard[0].manifests().problemProperty().addListener(l);
                t[0] = System.nanoTime();
                editor.replaceText(at, at + length, replacement);
                t[1] = System.nanoTime();
            });
            boolean seen = changed.await(10, TimeUnit.SECONDS);
            onFx(() -> wizard[0].manifests().problemProperty().removeListener(l));
            if (i >= 10 && seen) { // warm-up
                latency.add((seenAt[0] - t[0]) / 1e6);
                uiThread.add((t[1] - t[0]) / 1e6);
            }
        }
        double cpuPerEdit = (os.getProcessCpuTime() - cpuStart) / 1e6 / edits;
        // where the CPU went: the threads that used more than 1 ms per edit
        java.util.Map<String, Double> byThread = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                double ms = (threads.getThreadCpuTime(info.getThreadId()) - threadCpu.getOrDefault(info.getThreadId(), 0L))
                        / 1e6 / edits;
                byThread.merge(info.getThreadName().replaceAll("-\\d+$", ""), ms, Double::sum);
            }
        }
        System.out.printf(Locale.ROOT, "YAML %d chars; the edit: replicas: %s <-> replicas: two; load average %.2f%n",
                valid.length(), digits, os.getSystemLoadAverage());
        report("manifests: one validation alone (wall)", alone);
        report("manifests: one validation alone (thread CPU)", aloneCpu);
        report("manifests: keystroke's UI-thread work (editor + view model)", uiThread);
        report("manifests: keystroke until the problem is shown or cleared", latency);
        System.out.printf(Locale.ROOT, "%-60s %.1f ms%n", "manifests: process CPU per edit", cpuPerEdit);
        byThread.forEach((name, ms) -> {
            if (ms >= 1) {
                System.out.printf(Locale.ROOT, "  %-58s %.1f ms%n", "of which thread " + name, ms);
            }
        });
        Platform.exit();
    }

    /**
     * A new workload in the wizard (issue 12, goal: one model and accelerator's profile ready in under 2 s): on the real
     * core, DeepSeek-R1-Distill-Qwen-7B with nvidia-h100-80gb chosen, the Workload step gets input and output lengths
     * 30% longer than any earlier round's (so nothing is cached: the per-user folder is a fresh temporary one). Two
     * times from the edit: until the chosen accelerator's profile for the workload is the wizard's chosen profile (the
     * chart's curve; the step is complete from then on), and until the step's modeling is over, that is until every
     * accelerator of the model has its profile; and the process CPU time until each (the machine is shared: CPU time
     * does not depend on the load as the wall time does). Lengths are typed, so the times include the step's 250 ms
     * pause for typing (a use case chosen from the list skips it). Run it as {@code UiBenchmark 0 0 0 N}.
     */
    static void workloads(int rounds) throws Exception {
        System.setProperty("kiq.home", java.nio.file.Files.createTempDirectory("kiq-workload-bench").toString());
        Wizard[] wizard = {showWizard(2).wizard()};
        int configurations = wizard[0].state().candidateProfiles().size();
        List<Double> chosen = new ArrayList<>();
        List<Double> whole = new ArrayList<>();
        List<Double> chosenCpuMillis = new ArrayList<>();
        List<Double> wholeCpuMillis = new ArrayList<>();
        // when the chosen profile became one for the round's workload (set on the UI thread)
        AtomicLong chosenAt = new AtomicLong();
        AtomicLong chosenCpu = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<dev.kiq.profile.WorkloadShape> wanted = new java.util.concurrent.atomic.AtomicReference<>();
        onFx(() -> wizard[0].state().profileProperty().addListener((o, a, p) -> {
            if (p != null && p.provenance().workloadShape().equals(wanted.get()) && chosenAt.compareAndSet(0, System.nanoTime())) {
                chosenCpu.set(processCpuNanos());
            }
        }));
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        for (int i = 0; i < rounds + 1; i++) {
            // 30% longer each round: never within the 20% that lets a cached profile answer
            int input = (int) Math.round(500 * Math.pow(1.3, i));
            int output = (int) Math.round(100 * Math.pow(1.3, i));
            wanted.set(new dev.kiq.profile.WorkloadShape(dev.kiq.profile.WorkloadShape.DEFAULT_USE_CASE, input, output));
            chosenAt.set(0);
            long[] t0 = new long[2];
            onFx(() -> {
                t0[0] = System.nanoTime();
                t0[1] = processCpuNanos();
                wizard[0].workload().inputTokensProperty().set(Integer.toString(input));
                wizard[0].workload().outputTokensProperty().set(Integer.toString(output));
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // modeling starts after the step's pause for typing; wait for it to start, then to end
            while (!wizard[0].workload().statusProperty().get().contains(input + " input") && System.nanoTime() < until) {
                Thread.sleep(2);
            }
            while (wizard[0].workload().modelingProperty().get() && System.nanoTime() < until) {
                Thread.sleep(2);
            }
            double millis = (System.nanoTime() - t0[0]) / 1e6;
            double cpuMillis = (processCpuNanos() - t0[1]) / 1e6;
            if (chosenAt.get() == 0) {
                throw new IllegalStateException("round " + i + ": the chosen accelerator never got the workload's profile");
            }
            if (i >= 1) { // warm-up
                chosen.add((chosenAt.get() - t0[0]) / 1e6);
                whole.add(millis);
                chosenCpuMillis.add((chosenCpu.get() - t0[1]) / 1e6);
                wholeCpuMillis.add(cpuMillis);
            }
        }
        System.out.printf(Locale.ROOT, "%d accelerators of the model; %d rounds; load average %.1f before, %.1f after%n",
                configurations, rounds, loadBefore,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report("new workload: until the chosen accelerator's curve", chosen);
        report("new workload: until every accelerator's profile is ready", whole);
        report("new workload: process CPU until the chosen curve", chosenCpuMillis);
        report("new workload: process CPU until every profile is ready", wholeCpuMillis);
        Platform.exit();
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** Monocle headless, software rendering (without it, a run with no display ends silently at System.exit). */
    /** The wizard as a benchmark opens it, with the core that answers it and the scene it is shown in. */
    private record Shown(Wizard wizard, Scene scene, Services services) {
    }

    /**
     * Starts the toolkit headless and shows the wizard on the real core with DeepSeek-R1-Distill-Qwen-7B on
     * nvidia-h100-80gb chosen, then visits {@code steps} in turn.
     */
    private static Shown showWizard(int... steps) throws Exception {
        headless();
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Shown[] shown = new Shown[1];
        onFx(() -> {
            Services services = CoreAdapters.create(new UiTaskExecutor(), java.util.Optional.empty());
            Wizard wizard = new Wizard(services);
            Scene scene = KiqApp.show(new Stage(), wizard);
            wizard.model().select("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
            wizard.viewModel().goTo(3);
            wizard.accelerator().select("nvidia-h100-80gb");
            for (int step : steps) {
                wizard.viewModel().goTo(step);
            }
            shown[0] = new Shown(wizard, scene, services);
        });
        return shown[0];
    }

    private static void headless() {
        for (String property : HEADLESS) {
            String[] kv = property.substring(2).split("=", 2);
            System.setProperty(kv[0], kv[1]);
        }
    }

    private static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        RuntimeException[] failure = new RuntimeException[1];
        Platform.runLater(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                done.countDown();
            }
        });
        done.await();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Prints the median and p90 of the milliseconds (also for {@code LiveChartBenchmark}). */
    public static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        double p90 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1));
        System.out.printf(Locale.ROOT, "%-60s n=%d median=%.2f ms p90=%.2f ms%n", what, sorted.size(), median, p90);
    }
}
