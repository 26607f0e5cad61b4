package dev.kiq.ui.service;

import dev.kiq.KiqException;
import dev.kiq.Version;
import dev.kiq.catalog.Accelerator;
import dev.kiq.catalog.Catalog;
import dev.kiq.catalog.ModelServerVersion;
import dev.kiq.manifest.ManifestGenerator;
import dev.kiq.manifest.ManifestYaml;
import dev.kiq.manifest.OutputMode;
import dev.kiq.manifest.Platform;
import dev.kiq.profile.Profile;
import dev.kiq.recommend.HpaMetric;
import dev.kiq.recommend.ServingPlan;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;

/** The wizard's view of {@code dev.kiq.manifest}: generate for a choice, validate edited text. */
final class CoreManifests implements ManifestService {

    private final Catalog catalog;
    private final Recommendations recommendations;
    private final ManifestGenerator generator = new ManifestGenerator();

    CoreManifests(Catalog catalog, Recommendations recommendations) {
        this.catalog = catalog;
        this.recommendations = recommendations;
    }

    @Override
    public String generate(ManifestRequest r) {
        dev.kiq.manifest.ManifestPlanner.checkNamespace(r.namespace());
        Profile profile = r.profile();
        Accelerator accelerator = catalog.accelerator(profile.acceleratorType());
        ModelServerVersion version = catalog.modelServerVersion(profile.modelServerInfo().modelServer(),
                profile.modelServerInfo().modelServerVersion());
        Platform platform = Platform.byId(r.platform()).orElseThrow(() -> new KiqException("platform " + r.platform()
                + " is not known; choose gke or kubernetes."));
        ServingPlan plan = recommendations.plan(profile, r.workload(), r.hpaMetric().flatMap(HpaMetric::byId));
        dev.kiq.manifest.ManifestRequest request = dev.kiq.manifest.ManifestRequest.of(profile, accelerator, version, plan,
                r.namespace(), platform, r.modelBucketUri(), Instant.now(), "kiq " + Version.current());
        dev.kiq.manifest.Manifests manifests = generator.generate(request);
        // the CLI's --dashboards: the core's dashboard for the server version, the knee's throughput as its reference line
        if (r.dashboards().isPresent()) {
            manifests = dev.kiq.manifest.Dashboards.add(manifests, request, plan.recommendation().knee(),
                    dev.kiq.manifest.Dashboards.Kind.byId(r.dashboards().get()));
        }
        return manifests.text(OutputMode.ALL);
    }

    /** Each {@code ---} document in turn through the manifest parser, so an error points at its line in the whole text. */
    @Override
    public Optional<YamlProblem> validate(String yaml) {
        String[] lines = yaml.split("\n", -1);
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            if (i == lines.length || lines[i].matches("---\\s*")) {
                Optional<YamlProblem> p = check(lines, start, i);
                if (p.isPresent()) {
                    return p;
                }
                start = i + 1;
            }
        }
        return Optional.empty();
    }

    private static Optional<YamlProblem> check(String[] lines, int from, int to) {
        StringBuilder doc = new StringBuilder();
        int firstContent = -1;
        for (int i = from; i < to; i++) {
            doc.append(lines[i]).append('\n');
            if (firstContent < 0 && !lines[i].isBlank() && !lines[i].stripLeading().startsWith("#")) {
                firstContent = i;
            }
        }
        if (firstContent < 0) {
            return Optional.empty();
        }
        try {
            ManifestYaml.parse(doc.toString(), "the YAML from line " + (from + 1));
            return Optional.empty();
        } catch (RuntimeException e) {
            int line = firstContent + 1;
            String message = e instanceof KiqException ? e.getMessage() : "not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MarkedYamlEngineException m && m.getProblemMark().isPresent()) {
                    line = from + m.getProblemMark().get().getLine() + 1;
                    // an unclosed quote or bracket is found at the end: the mistake is where the scalar began
                    if (String.valueOf(m.getProblem()).contains("end of stream") && m.getContextMark().isPresent()) {
                        line = from + m.getContextMark().get().getLine() + 1;
                    }
                    if (String.valueOf(m.getProblem()).contains("mapping values are not allowed")) {
                        line = misindented(lines, line - 1, to) + 1;
                    }
                    message = "not valid YAML: " + m.getProblem();
                    break;
                }
                if (t instanceof JacksonException j) {
                    line = lineOfPath(lines, firstContent, to, j).orElse(line);
                    message = ManifestYaml.plainWords(j).orElse(message);
                    break;
                }
            }
            return Optional.of(new YamlProblem(Math.max(from + 1, Math.min(line, to)), message));
        }
    }

    /**
     * "Mapping values are not allowed" is reported at the line after a key with a value when the two are
     * indented differently; which of the two is wrong? The one whose indentation the rest of the block does
     * not share: if a later line of the block is indented like the earlier line, the reported line is the odd
     * one; otherwise the earlier line is (e.g. a key pushed one space left of its siblings).
     */
    private static int misindented(String[] lines, int reported, int to) {
        int previous = reported - 1;
        while (previous >= 0 && (lines[previous].isBlank() || lines[previous].stripLeading().startsWith("#"))) {
            previous--;
        }
        if (previous < 0 || reported >= lines.length) {
            return reported;
        }
        int before = indent(lines[previous]);
        int at = indent(lines[reported]);
        if (before >= at || !lines[previous].strip().matches("[^:#]+:\\s*\\S.*")) {
            return reported;
        }
        for (int i = reported + 1; i < to; i++) {
            if (lines[i].isBlank() || lines[i].stripLeading().startsWith("#")) {
                continue;
            }
            int indent = indent(lines[i]);
            if (indent == before) {
                return reported;
            }
            if (indent < before) {
                break;
            }
        }
        return previous;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /**
     * fabric8 binds YAML through a tree, so a type error carries the path of the bad field (e.g.
     * spec.replicas) but no usable line: find the line by walking the keys of that path down the document.
     */
    private static Optional<Integer> lineOfPath(String[] lines, int from, int to, JacksonException e) {
        int at = from;
        boolean found = false;
        for (JacksonException.Reference ref : e.getPath()) {
            String name = ref.getPropertyName();
            if (name == null) {
                continue;
            }
            Pattern key = Pattern.compile("^\\s*(- )?\"?" + Pattern.quote(name) + "\"?\\s*:.*");
            int i = at;
            while (i < to && !key.matcher(lines[i]).matches()) {
                i++;
            }
            if (i == to) {
                break;
            }
            at = i;
            found = true;
        }
        if (found && lines[at].strip().endsWith(":")) {
            // "metadata:" with its value below: the mistake is in the value
            int next = at + 1;
            while (next < to && (lines[next].isBlank() || lines[next].stripLeading().startsWith("#"))) {
                next++;
            }
            if (next < to) {
                at = next;
            }
        }
        return found ? Optional.of(at + 1) : Optional.empty();
    }
}
