package dev.kiq.bench.importer;

import dev.kiq.KiqException;
import dev.kiq.files.InputLimits;
import dev.kiq.files.YamlLimits;
import dev.kiq.profile.PerformancePoint;
import dev.kiq.profile.ProfileFormat;
import dev.kiq.profile.ProfileFormatException;
import dev.kiq.profile.ProfileReader;
import dev.kiq.profile.ProfileValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads result files of other benchmark tools into performance points, mapping each tool's metric
 * names and units onto kiq's (SPEC §2: p50s in milliseconds; NTPOT = e2e / output tokens; ITL =
 * (e2e − TTFT) / (output tokens − 1)).
 *
 * <ul>
 *   <li>inference-benchmark: {@code summary_stats.stats[0].tpot.median} is NTPOT in ms (it is computed
 *       from request latency / output length, including queueing and prefill); {@code metrics.median_TTFT}
 *       and {@code metrics.median_TPOT} are seconds; server gauges come from {@code metrics.server_metrics}.</li>
 *   <li>vLLM: {@code median_ttft_ms}, {@code median_tpot_ms} (TPOT excludes the first token, so it is
 *       kiq's ITL); vLLM reports no NTPOT: it is computed exactly from the per-request arrays
 *       ({@code --save-detailed}) or else approximated and said so.</li>
 *   <li>inference-perf: {@code successes.latency.*.median} in seconds,
 *       {@code normalized_time_per_output_token} is NTPOT, {@code time_per_output_token} is ITL.</li>
 * </ul>
 */
public final class ResultImporter {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ResultImporter() {
    }

    public static ImportedPoint read(Path file) {
        JsonNode root;
        // a missing file read "Cannot read F: F." and a folder "Cannot read F: Is a directory." (CLI walk, clismoke); the
        // size limit is a dataset's: a --save-detailed result is one line of per-request arrays
        InputLimits.DATASET.checkFile(file, "Result file");
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw KiqException.failed("Cannot read " + file + ": " + e.getMessage() + ".", e);
        } catch (JacksonException e) {
            throw new KiqException(file + " is not JSON (" + YamlLimits.describe(e.getOriginalMessage()) + "); valid: a result file of "
                    + "inference-benchmark (--save-json-results), vllm bench serve (--save-result) or inference-perf "
                    + "(stage_N_lifecycle_metrics.json).");
        }
        ResultFormat format = ResultFormat.detect(root).orElseThrow(() -> new KiqException(file
                + " is not a result file kiq knows; valid: inference-benchmark --save-json-results output (with \"metrics\" "
                + "and \"summary_stats\"), vllm bench serve --save-result output (with \"output_throughput\" and "
                + "\"median_ttft_ms\"), or inference-perf stage_N_lifecycle_metrics.json (with \"load_summary\" and \"successes\")."));
        return switch (format) {
            case INFERENCE_BENCHMARK -> inferenceBenchmark(file, root);
            case VLLM_BENCH_SERVE -> vllm(file, root);
            case INFERENCE_PERF -> inferencePerf(file, root);
        };
    }

    private static ImportedPoint inferenceBenchmark(Path file, JsonNode root) {
        List<String> notes = new ArrayList<>();
        JsonNode m = root.path("metrics");
        JsonNode stats = root.path("summary_stats").path("stats").path(0);
        double qps = finite(m.path("request_rate")).orElse(Double.NaN);
        if (Double.isNaN(qps)) {
            qps = required(file, m, "throughput_rps", "metrics.throughput_rps");
            notes.add("request_rate is inf; used the achieved throughput_rps " + round(qps) + " as the rate");
        }
        double out = required(file, m, "throughput", "metrics.throughput");
        double in = finite(m.path("input_tokens_per_sec")).orElse(0);
        double ntpot = finite(stats.path("tpot").path("median"))
                .orElseGet(() -> required(file, m, "median_per_output_token_latency", "metrics.median_per_output_token_latency"));
        double ttft = finite(m.path("median_TTFT")).orElse(Double.NaN) * 1000;
        double itl = finite(m.path("median_TPOT")).orElse(Double.NaN) * 1000;
        if (Double.isNaN(ttft)) {
            ttft = 0;
            notes.add("no median_TTFT (run without --stream-request); TTFT and ITL set to 0");
        }
        if (Double.isNaN(itl)) {
            itl = 0;
        }
        JsonNode server = m.path("server_metrics");
        double queue = gaugeMean(server, "vllm:num_requests_waiting", "jetstream_prefill_backlog_size");
        double batch = gaugeMean(server, "vllm:num_requests_running");
        double kv = gaugeMean(server, "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "jetstream_slots_used_percentage");
        if (Double.isNaN(queue) && Double.isNaN(batch) && Double.isNaN(kv)) {
            notes.add("no server_metrics (run without --scrape-server-metrics); queue, batch and KV usage set to 0");
        }
        Optional<String> model = text(root.path("dimensions").path("model_id")).or(() -> text(root.path("config").path("model")));
        Optional<String> server2 = text(root.path("config").path("model_server")).or(() -> text(root.path("dimensions").path("backend")));
        Optional<String> date = text(root.path("dimensions").path("date")).map(ResultImporter::compactDate);
        return new ImportedPoint(file, ResultFormat.INFERENCE_BENCHMARK,
                new PerformancePoint(qps, out, in, ntpot, ttft, itl, zeroIfNaN(queue), zeroIfNaN(batch), zeroIfNaN(kv)),
                model, server2, date, notes);
    }

    private static ImportedPoint vllm(Path file, JsonNode root) {
        List<String> notes = new ArrayList<>();
        double qps = finite(root.path("request_rate")).orElse(Double.NaN);
        if (Double.isNaN(qps)) {
            qps = required(file, root, "request_throughput", "request_throughput");
            notes.add("request_rate is inf; used the achieved request_throughput " + round(qps) + " as the rate");
        }
        double duration = required(file, root, "duration", "duration");
        double out = required(file, root, "output_throughput", "output_throughput");
        double in = finite(root.path("total_input_tokens")).orElse(0) / duration;
        double ttft = finite(root.path("median_ttft_ms")).orElse(0);
        double itl = finite(root.path("median_tpot_ms")).orElse(0);
        int completed = (int) finite(root.path("completed")).orElse(0);
        double meanOut = completed > 0 ? finite(root.path("total_output_tokens")).orElse(0) / completed : Double.NaN;
        double ntpot;
        OptionalDouble exact = exactNtpot(root);
        if (exact.isPresent()) {
            ntpot = exact.getAsDouble();
        } else if (finite(root.path("median_e2el_ms")).isPresent() && meanOut > 0) {
            ntpot = root.path("median_e2el_ms").asDouble() / meanOut;
            notes.add("vLLM reports no NTPOT; approximated as median_e2el_ms / mean output tokens (save with --save-detailed for the exact value)");
        } else if (meanOut > 0) {
            ntpot = (ttft + itl * Math.max(0, meanOut - 1)) / meanOut;
            notes.add("vLLM reports no NTPOT; approximated as (median TTFT + median TPOT x (mean output - 1)) / mean output "
                    + "(run with --percentile-metrics ttft,tpot,itl,e2el or --save-detailed for a better value)");
        } else {
            throw new KiqException(file + " has no completed request (\"completed\": 0); nothing to import.");
        }
        notes.add("vLLM result files carry no server metrics; queue, batch and KV usage set to 0");
        Optional<String> model = text(root.path("model_id"));
        Optional<String> backend = text(root.path("backend")).map(b -> b.startsWith("openai") || b.equals("vllm") ? "vllm" : b);
        Optional<String> date = text(root.path("date")).map(ResultImporter::compactDate);
        return new ImportedPoint(file, ResultFormat.VLLM_BENCH_SERVE,
                new PerformancePoint(qps, out, in, ntpot, ttft, itl, 0, 0, 0), model, backend, date, notes);
    }

    /** Median of e2e / output tokens over requests, from {@code ttfts}, {@code itls} and {@code output_lens} (seconds). */
    private static OptionalDouble exactNtpot(JsonNode root) {
        JsonNode ttfts = root.path("ttfts");
        JsonNode itls = root.path("itls");
        JsonNode outs = root.path("output_lens");
        if (!ttfts.isArray() || !itls.isArray() || !outs.isArray() || ttfts.size() != itls.size() || ttfts.size() != outs.size()) {
            return OptionalDouble.empty();
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < ttfts.size(); i++) {
            int out = outs.get(i).asInt(0);
            double ttft = ttfts.get(i).asDouble(0);
            if (out <= 0 || ttft <= 0) {
                continue; // a failed request
            }
            double e2e = ttft;
            for (JsonNode gap : itls.get(i)) {
                e2e += gap.asDouble(0);
            }
            values.add(e2e / out * 1000);
        }
        return median(values);
    }

    private static ImportedPoint inferencePerf(Path file, JsonNode root) {
        List<String> notes = new ArrayList<>();
        JsonNode load = root.path("load_summary");
        JsonNode ok = root.path("successes");
        JsonNode latency = ok.path("latency");
        double qps = finite(load.path("requested_rate")).orElse(Double.NaN);
        if (Double.isNaN(qps)) {
            qps = finite(load.path("achieved_rate")).orElseGet(() -> finite(ok.path("throughput").path("requests_per_sec")).orElse(Double.NaN));
            if (Double.isNaN(qps)) {
                throw new KiqException(file + " has no load_summary.requested_rate; valid: a stage_N_lifecycle_metrics.json of a rate-based load.");
            }
            notes.add("no requested_rate (concurrency stage); used the achieved rate " + round(qps));
        }
        double out = required(file, ok.path("throughput"), "output_tokens_per_sec", "successes.throughput.output_tokens_per_sec");
        double in = finite(ok.path("throughput").path("input_tokens_per_sec")).orElse(0);
        double ntpot = seconds(file, latency, "normalized_time_per_output_token");
        double ttft = finite(latency.path("time_to_first_token").path("median")).orElse(Double.NaN) * 1000;
        double itl = finite(latency.path("time_per_output_token").path("median")).orElse(Double.NaN) * 1000;
        if (Double.isNaN(ttft) || Double.isNaN(itl)) {
            notes.add("no streamed timings (time_to_first_token is null); TTFT and ITL set to 0");
            ttft = Double.isNaN(ttft) ? 0 : ttft;
            itl = Double.isNaN(itl) ? 0 : itl;
        }
        notes.add("stage lifecycle files carry no server metrics; queue, batch and KV usage set to 0");
        Optional<String> model = siblingConfigModel(file);
        return new ImportedPoint(file, ResultFormat.INFERENCE_PERF,
                new PerformancePoint(qps, out, in, ntpot, ttft, itl, 0, 0, 0), model, Optional.empty(), Optional.empty(), notes);
    }

    private static double seconds(Path file, JsonNode latency, String field) {
        JsonNode value = latency.path(field).path("median");
        return finite(value).orElseThrow(() -> fieldProblem(file, "successes.latency." + field + ".median", value,
                "an inference-perf stage file with successful requests")) * 1000;
    }

    /** inference-perf writes its config next to the reports; {@code server.model_name} names the model. */
    private static Optional<String> siblingConfigModel(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        for (String name : List.of("config.yaml", "config.yml")) {
            Path config = dir.resolve(name);
            if (Files.isRegularFile(config)) {
                try {
                    for (String line : Files.readAllLines(config)) {
                        String t = line.strip();
                        if (t.startsWith("model_name:")) {
                            String v = t.substring("model_name:".length()).strip().replace("\"", "").replace("'", "");
                            if (!v.isEmpty()) {
                                return Optional.of(v);
                            }
                        }
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static double gaugeMean(JsonNode serverMetrics, String... names) {
        for (String name : names) {
            JsonNode stats = serverMetrics.path(name);
            OptionalDouble mean = finite(stats.path("Mean"));
            if (mean.isPresent()) {
                double v = mean.getAsDouble();
                return name.endsWith("_percentage") ? v / 100 : v;
            }
        }
        return Double.NaN;
    }

    /** The figure {@code field} of {@code parent}, which is at {@code shownAs} in the file. */
    private static double required(Path file, JsonNode parent, String field, String shownAs) {
        JsonNode value = parent.path(field);
        return finite(value).orElseThrow(() -> fieldProblem(file, shownAs, value, "the unmodified result file of the tool"));
    }

    /**
     * A figure the result file lacks or gives as something other than a finite number: the file, the figure's line
     * (when it is there) and its field, e.g. {@code r.json, line 3, field output_throughput: "fast" is not a finite
     * number; valid: ...}.
     *
     * @param field the figure's path, {@code a.b[0].c}
     * @param value its value in the file, missing when absent
     */
    private static KiqException fieldProblem(Path file, String field, JsonNode value, String valid) {
        boolean absent = value.isMissingNode() || value.isNull();
        int line = 0;
        if (!absent) {
            List<Object> path = new ArrayList<>();
            for (String part : field.split("\\.")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)\\[(\\d+)]").matcher(part);
                if (m.matches()) {
                    path.add(m.group(1));
                    path.add(Integer.parseInt(m.group(2)));
                } else {
                    path.add(part);
                }
            }
            try {
                line = ProfileReader.lineOf(Files.readAllBytes(file), ProfileFormat.JSON, ProfileValidator.pointer(path));
            } catch (IOException e) {
                line = 0; // read once already: the message still names the file and the field
            }
        }
        return new ProfileFormatException(file.toString(), line, Optional.of(field),
                (absent ? "missing" : value + " is not a finite number") + "; valid: " + valid + ".");
    }

    private static OptionalDouble finite(JsonNode n) {
        if (n.isNumber() && Double.isFinite(n.asDouble())) {
            return OptionalDouble.of(n.asDouble());
        }
        return OptionalDouble.empty();
    }

    private static Optional<String> text(JsonNode n) {
        return n.isString() && !n.asString().isBlank() ? Optional.of(n.asString()) : Optional.empty();
    }

    /** {@code 20250301-120000} → {@code 2025-03-01}. */
    private static String compactDate(String d) {
        return d.matches("\\d{8}-.*") ? d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6, 8) : d;
    }

    private static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return OptionalDouble.of(n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
