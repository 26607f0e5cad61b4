package dev.kiq.perf;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A model of one vLLM replica's engine: continuous batching over a paged KV cache, stepped one
 * scheduler iteration at a time. It knows no clock: {@link #step()} decides the next iteration's
 * batch, applies its effects as if it had run, and says how long it takes; the caller advances
 * time. The same engine therefore serves two drivers:
 *
 * <ul>
 *   <li><b>offline</b> ({@link LoadRun}): a discrete-event loop that submits requests when the
 *       simulated clock passes their arrival time and adds each iteration's seconds to the clock;</li>
 *   <li><b>real time</b> (the emulator): a server thread that calls {@link #submit} as HTTP
 *       requests arrive, and loops {@code it = step(); sleep(it.seconds()); stream one token to every
 *       id in it.tokens(); close the streams of it.finished()}, waiting for a submission while
 *       {@link #hasWork()} is false. Requests submitted during an iteration join the next one, as in vLLM.</li>
 * </ul>
 *
 * <p>Scheduling follows vLLM. Running sequences keep arrival order; each iteration first serves
 * them (a decode is one token, an unfinished prompt gets a chunk of the remaining token budget),
 * then admits waiting requests while the budget, {@code max_num_seqs} and the cache allow
 * (see {@link SchedulerSettings#chunkedPrefill()} for the V0 prefill-first variant). A request's
 * admission allocates cache blocks for its whole prompt, keeping a 1% watermark free; a decode
 * that needs a new block and finds none preempts the most recently arrived running sequence:
 * its blocks are freed and it goes back to the front of the queue to recompute its prompt plus
 * the tokens generated so far (vLLM's recompute preemption). A waiting queue is not admitted
 * into in an iteration that preempted.
 *
 * <p>Multi-step scheduling ({@link SchedulerSettings#numSchedulerSteps()} k &gt; 1, vLLM V0): an
 * iteration whose batch is decodes only starts a group of k iterations; the k - 1 that follow decode
 * the running sequences without admitting anyone, and every iteration of the group pays 1/k of the
 * per-sequence host cost (one scheduler call and one input preparation per group) and the whole fixed
 * overhead (V0's {@code LLMEngine.step} still runs once per GPU step and calls the executor each time;
 * only the scheduler is skipped). Tokens still count per iteration.
 * The group keeps the batch it started with for all its k steps, as vLLM V0 does: the engine skips the
 * scheduler while the cached group has steps left ({@code LLMEngine._has_remaining_steps}) and the worker
 * reuses the group's first model input, advanced in place on the GPU ({@code MultiStepWorker},
 * {@code MultiStepModelRunner._advance_step}); nothing shortens a group when its requests finish. A sequence
 * that gets its last token inside a group is therefore still decoded (vLLM drops those tokens) until the
 * group ends, keeps its cache blocks, and its last token and finish reach the caller at the group's last
 * iteration, when vLLM 0.6.0 hands the group's outputs over ({@code is_last_step}); a group whose sequences
 * have all finished still runs its remaining steps before anyone is admitted.
 *
 * <p>Not thread-safe: confine an engine to one thread (the emulator's engine loop).
 */
public final class ContinuousBatchingEngine {

    private final SchedulerSettings settings;
    private final IterationCost.Timer cost;
    private final int window;
    private final int blockSize;
    private final ApiServer apiServer;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    /** The running batch in arrival order: {@code running[0..runningCount)} (an array, so that finished sequences are compacted out in one pass). */
    private Sequence[] running = new Sequence[64];
    private int runningCount;
    private final Map<Long, Sequence> byId = new HashMap<>();
    /** Whether requests are kept by id (to abort them); {@link #withoutAborts()} turns it off. */
    private boolean abortable = true;
    /**
     * The shared prefixes resident in the cache, by prefix group: {running holders, blocks}. vLLM's prefix cache
     * keeps one copy of a block whatever the number of requests that use it (a reference count per block); the
     * blocks count as used while a running request holds them, and go back to the free pool (as evictable cached
     * blocks) when the last holder leaves.
     */
    private final Map<Integer, int[]> sharedPrefixes = new HashMap<>();
    private int freeBlocks;
    private long preemptions;

    // per-iteration scratch, reused
    private Sequence[] scheduled = new Sequence[64];
    private int[] scheduledTokens = new int[64];
    private int scheduledCount;
    private long[] tokenIds = new long[64];
    private long[] finishedIds = new long[16];
    private long[] preemptedIds = new long[4];
    private int preemptedCount;
    /**
     * The decodes applied while scheduling ({@link #decodeLeading}): the leading running sequences that decode one
     * token each, in running order, and their share of the iteration's work (sums of whole numbers, exact in any order).
     */
    private int fusedCount;
    private long fusedContextGlobal;
    private long fusedContextLocal;
    /** Those of them that got their last token: reported finished, their blocks freed after the iteration's gauges. */
    private Sequence[] fusedFinished = new Sequence[16];
    /** Their running indices, ascending: the batch is compacted around them without reading the others. */
    private int[] fusedFinishedAt = new int[16];
    private int fusedFinishedCount;
    /** The running index of the first of them: the batch before it is unchanged when the finished leave it. */
    private int fusedFirstFinished;
    // the last iteration's results (step() copies them into an Iteration; the offline driver reads them in place)
    private int tokenCount;
    /** Ids whose first token came in the last iteration: {@code firstIds[0..firstCount)}. */
    private long[] firstIds = new long[64];
    private int firstCount;
    private int finishedCount;
    private double lastSeconds;
    /** Sequences in the last iteration's batch: the scheduled ones and those a multi-step group still decodes. */
    private int lastBatch;
    private int lastPrefillTokens;
    private int lastDecodes;
    private int lastWaiting;
    private int lastRunning;
    private double lastUsage;
    /** Iterations left in the current multi-step group (0: the next iteration is scheduled normally). */
    private int multiStepLeft;
    /**
     * Sequences that got their last token inside the current multi-step group ({@code finishedInGroup[0..n)}):
     * the group still decodes them, and reports their last token and finish at its last iteration.
     */
    private Sequence[] finishedInGroup = new Sequence[8];
    private int finishedInGroupCount;
    /** Whether the scheduler runs one step ahead of the GPU (V1's async scheduling; see {@link #schedulesAhead()}). */
    private boolean schedulesAhead;
    /**
     * A decode stretch ({@link #startStretch}): iterations in which the whole running batch decodes one token and
     * nothing else happens, applied to the batch's sums alone. The sequences' own fields keep their values from
     * before the stretch until {@link #endStretch} brings them up to date.
     */
    private boolean stretching;
    /** Iterations of the stretch so far, and the most it may last (the last before a sequence finishes). */
    private int stretchDone;
    private int stretchLimit;
    /** The sums of the batch's contexts (computed tokens; capped at the sliding window) when the stretch began. */
    private long stretchContext;
    private long stretchLocalContext;
    /** Sequences whose context is within the sliding window: their local context grows by one token an iteration. */
    private int stretchWithinWindow;
    /** Sequences that need a new cache block at stretch iteration j, by j modulo the block size (see startStretch). */
    private int[] stretchCrossings = new int[0];
    /** Sequences whose free slots were a whole block when the stretch began: they need none at its first iteration. */
    private int stretchFullBlocks;
    /**
     * The decoding region ({@link #decodeLeading}): the first {@code region} running sequences, each of which has
     * decoded one token at every iteration since it joined, with nothing else happening to it. Their fields hold
     * their values as of their {@code mark}; {@link #settle} brings one up to date ({@code regionSteps - mark}
     * more tokens). The region's sums and the iterations at which its sequences take a block, finish or pass the
     * sliding window are kept apart, so that an iteration decodes it in time proportional to those events alone.
     */
    private int region;
    /** Iterations the region has decoded so far: the clock of its sequences' marks. */
    private long regionSteps;
    /** The sums of the region's contexts (computed tokens, and capped at the window) as of its last step. */
    private long regionContext;
    private long regionLocal;
    /** Its sequences whose context is within the sliding window: their local context grows by one token a step. */
    private int regionWithin;
    /** Its sequences that take a new cache block at step j, by j modulo the block size. */
    private int[] regionCrossings = new int[0];
    /** Its sequences by the step that gives them their last token, then in running order. */
    private final StepHeap<Sequence> regionFinishes = new StepHeap<>();
    /** Its sequences by the step at which their context reaches the sliding window (a finished one is skipped). */
    private final StepHeap<Sequence> regionWindow = new StepHeap<>();
    /** Admissions so far: a sequence's place in the running order, which is admission order. */
    private long admissions;
    /** Whether the caller reads the ids of the decoding region's tokens ({@link #tokenId}; LoadRun's points do not). */
    private boolean tokenIdsWanted = true;
    /** Whether decode stretches are used (tests compare an engine without them); iterations run as stretch steps. */
    private boolean stretches = true;
    /** Whether the decoding region is used (tests compare an engine without it). */
    private boolean regions = true;
    /** Iterations to run in full before the next try at a stretch, and tries refused after a pass in a row. */
    private int stretchSkips;
    private int stretchRefusals;
    /** Whether the last {@link #startStretch} refused after going over the batch. */
    private boolean stretchScanned;
    private static final int MAX_STRETCH_SKIPS = 16;
    private long stretchIterations;

    public ContinuousBatchingEngine(SchedulerSettings settings, IterationCost cost) {
        this(settings, cost.timer(settings), cost.slidingWindow(), cost.apiServer());
        this.schedulesAhead = cost.schedulesAhead();
    }

    /**
     * An engine whose iterations take {@code seconds(work)} and that has no API server in front of it:
     * for tests with hand-computed timings.
     */
    ContinuousBatchingEngine(SchedulerSettings settings, ToDoubleFunction<IterationCost.Work> seconds, int slidingWindow) {
        this(settings, seconds, slidingWindow, ApiServer.NONE);
    }

    /** An engine whose iterations take {@code seconds(work)}, behind {@code apiServer}: for hand-computed tests. */
    ContinuousBatchingEngine(SchedulerSettings settings, ToDoubleFunction<IterationCost.Work> seconds,
                             int slidingWindow, ApiServer apiServer) {
        this(settings, (sequences, tokens, sampled, contextGlobal, contextLocal, pairsGlobal, pairsLocal, hostShare) ->
                seconds.applyAsDouble(new IterationCost.Work(sequences, tokens, sampled, contextGlobal, contextLocal,
                        pairsGlobal, pairsLocal, hostShare)), slidingWindow, apiServer);
    }

    private ContinuousBatchingEngine(SchedulerSettings settings, IterationCost.Timer seconds, int slidingWindow,
                                     ApiServer apiServer) {
        this.settings = settings;
        this.cost = seconds;
        this.window = slidingWindow;
        this.blockSize = settings.blockSize();
        this.apiServer = apiServer;
        this.freeBlocks = settings.kvBlocks();
    }

    /**
     * Queues a request. It is refused (IllegalArgumentException) when its prompt plus output exceeds
     * {@code max_model_len}, when its prompt can never fit in the KV cache, or when its id is in use.
     *
     * @param id           the caller's id, reported back in {@link Iteration}
     * @param inputTokens  prompt length, at least 1
     * @param outputTokens tokens to generate, at least 1 (the engine stops there; there is no EOS)
     */
    public void submit(long id, int inputTokens, int outputTokens) {
        submit(id, inputTokens, outputTokens, 0);
    }

    /**
     * Queues a request whose first {@code cachedPrefixTokens} prompt tokens are in vLLM's automatic prefix
     * cache (an earlier request with the same prefix computed their KV and its blocks were not evicted yet).
     * The hit is block-granular, as vLLM hashes whole blocks: {@code floor(min(cached, input - 1) / block) * block}
     * tokens, at least one prompt token is always computed (vLLM V1 recomputes the last token to get its logits).
     * Admission still allocates blocks for the whole prompt (the hit blocks are taken out of the free pool) and
     * the prefill computes only the missed tokens, attending to the cached ones. A request preempted later
     * finds the same prefix cached again when it is re-admitted.
     */
    public void submit(long id, int inputTokens, int outputTokens, int cachedPrefixTokens) {
        submit(id, inputTokens, outputTokens, cachedPrefixTokens, PRIVATE_PREFIX);
    }

    /** No prefix group: the request's cached prefix is its own (the same prompt served before), shared with no one. */
    public static final int PRIVATE_PREFIX = -1;

    /**
     * Queues a request whose cached prefix ({@link #submit(long, int, int, int)}) is the prefix of group
     * {@code prefixGroup}: every request of a group starts with the same tokens (a system prompt, a shared
     * document), so vLLM's prefix cache holds their blocks once for all the requests that use them (vLLM's
     * automatic prefix caching shares a cached block among requests by reference count and evicts only blocks no
     * request references: docs.vllm.ai design/prefix_caching, RFC vllm-project/vllm#2614). Admission then allocates
     * only the blocks past the shared
     * prefix, plus the shared blocks themselves when no running request of the group holds them.
     * {@link #PRIVATE_PREFIX}: the prefix is this request's alone (as {@link #submit(long, int, int, int)}).
     */
    public void submit(long id, int inputTokens, int outputTokens, int cachedPrefixTokens, int prefixGroup) {
        if (prefixGroup < PRIVATE_PREFIX) {
            throw new IllegalArgumentException("request " + id + ": a prefix group is " + PRIVATE_PREFIX + " or more");
        }
        if (cachedPrefixTokens < 0) {
            throw new IllegalArgumentException("request " + id + ": a cached prefix cannot be negative");
        }
        if (inputTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("request " + id + " needs at least one input and one output token");
        }
        if ((long) inputTokens + outputTokens > settings.maxModelLen()) {
            throw new IllegalArgumentException("request " + id + ": " + inputTokens + " + " + outputTokens
                    + " tokens exceed max_model_len " + settings.maxModelLen());
        }
        if (blocksFor(inputTokens + outputTokens) > settings.kvBlocks() - settings.watermarkBlocks()) {
            throw new IllegalArgumentException("request " + id + " can never fit in the KV cache of "
                    + settings.kvBlocks() + " blocks");
        }
        int bs = settings.blockSize();
        Sequence s = new Sequence(id, inputTokens, outputTokens, Math.min(cachedPrefixTokens, inputTokens - 1) / bs * bs,
                prefixGroup);
        if (abortable && byId.putIfAbsent(id, s) != null) {
            throw new IllegalArgumentException("request id " + id + " is already in the engine");
        }
        waiting.addLast(s);
    }

    /** Removes a request (client went away); returns false if it is unknown or already finished. */
    public boolean abort(long id) {
        if (!abortable) {
            throw new IllegalStateException("this engine keeps no requests by id (withoutAborts)");
        }
        if (stretching) {
            endStretch();
        }
        settleRegion();
        Sequence s = byId.remove(id);
        if (s == null) {
            return false;
        }
        if (!waiting.remove(s)) {
            removeRunning(s);
        }
        release(s);
        return true;
    }

    /**
     * True while a request is waiting or running, or a multi-step group has steps left for sequences that finished
     * inside it; {@link #step()} must not be called otherwise.
     */
    public boolean hasWork() {
        return runningCount > 0 || !waiting.isEmpty() || finishedInGroupCount > 0;
    }

    /**
     * The API server in front of this engine ({@link ApiServer}): the offline driver queues requests and
     * tokens through it; the emulator's real HTTP server has its own.
     */
    public ApiServer apiServer() {
        return apiServer;
    }

    /**
     * Whether the scheduler runs one step ahead of the GPU (vLLM V1 with async scheduling,
     * vllm-project/vllm#19970): iteration n + 1 is scheduled when iteration n starts, so a request that
     * reaches the engine while iteration n runs joins iteration n + 2 at the earliest (the offline driver,
     * {@link LoadRun}, hands it over accordingly). An idle engine schedules a request as soon as it arrives.
     */
    public boolean schedulesAhead() {
        return schedulesAhead;
    }

    /** This engine with the scheduler one step ahead of the GPU or not (hand-computed tests). */
    ContinuousBatchingEngine schedulingAhead(boolean ahead) {
        this.schedulesAhead = ahead;
        return this;
    }

    /** Requests waiting for admission ({@code vllm:num_requests_waiting}). */
    public int waitingCount() {
        return waiting.size();
    }

    /**
     * Requests in the running batch, prefilling or decoding ({@code vllm:num_requests_running}), including those that
     * finished inside the current multi-step group (vLLM frees them when the group's outputs are processed).
     */
    public int runningCount() {
        return runningCount + finishedInGroupCount;
    }

    /** Fraction of KV-cache blocks in use ({@code vllm:gpu_cache_usage_perc} / {@code vllm:kv_cache_usage_perc}). */
    public double kvCacheUsage() {
        return settings.kvBlocks() == 0 ? 0 : 1.0 - (double) freeBlocks / settings.kvBlocks();
    }

    /** Preemptions so far ({@code vllm:num_preemptions_total}). */
    public long preemptions() {
        return preemptions;
    }

    public SchedulerSettings settings() {
        return settings;
    }

    /**
     * Runs one scheduler iteration: picks the batch, applies it (KV blocks, generated tokens,
     * finished requests) and returns its duration and effects. The gauges read after this call
     * describe the state during the iteration (finished requests are already gone).
     *
     * @throws IllegalStateException when there is no work
     */
    public Iteration step() {
        advance();
        return new Iteration(lastSeconds, lastBatch, lastPrefillTokens, lastDecodes,
                Arrays.copyOf(tokenIds, tokenCount), Arrays.copyOf(finishedIds, finishedCount),
                Arrays.copyOf(preemptedIds, preemptedCount), lastWaiting, lastRunning, lastUsage);
    }

    /**
     * {@link #step()} without the {@link Iteration}: the offline driver ({@link LoadRun}) reads the results in place
     * ({@link #lastSeconds()}, {@link #tokenCount()}, {@link #tokenId(int)} ...) until the next call, which
     * spares it copying them at every iteration.
     */
    void advance() {
        if (!hasWork()) {
            throw new IllegalStateException("no request to run");
        }
        if (stretches && (stretching || tryStretch()) && stretchStep()) {
            return;
        }
        if (regionOnlyStep()) {
            return;
        }
        scheduledCount = 0;
        preemptedCount = 0;
        tokenCount = 0;
        firstCount = 0;
        finishedCount = 0;
        fusedCount = 0;
        fusedContextGlobal = 0;
        fusedContextLocal = 0;
        reserveSchedule();
        int steps = settings.numSchedulerSteps();
        boolean inGroup = multiStepLeft > 0 && (runningCount > 0 || finishedInGroupCount > 0);
        if (inGroup) {
            scheduleDecodes();
            multiStepLeft--;
        } else {
            multiStepLeft = 0;
            if (settings.chunkedPrefill()) {
                scheduleChunked();
            } else {
                scheduleDefault();
            }
            if (steps > 1 && decodesOnly()) {
                inGroup = true;
                multiStepLeft = steps - 1;
            }
        }
        lastWaiting = waiting.size();
        lastRunning = runningCount + finishedInGroupCount;
        lastUsage = kvCacheUsage();
        execute(inGroup ? 1.0 / steps : 1.0);
    }

    /**
     * {@link #startStretch} unless the decoding region is in use (it decodes its sequences from their sums already)
     * or recent tries were refused after a pass over the batch (they wait 1, 2, 4 ... at most
     * {@value #MAX_STRETCH_SKIPS} iterations).
     */
    private boolean tryStretch() {
        if (region > 0) {
            return false; // the region decodes its sequences from their sums already
        }
        if (stretchSkips > 0) {
            stretchSkips--;
            return false;
        }
        stretchScanned = false;
        if (startStretch()) {
            stretchRefusals = 0;
            return true;
        }
        if (stretchScanned) {
            // refused after a pass over the batch (a sequence about to finish): at a full batch that is most
            // iterations, so the next tries wait 1, 2, 4 ... at most MAX_STRETCH_SKIPS iterations; a stretch
            // started later or not at all gives the same iterations (the stretch only spares work)
            stretchSkips = Math.min(1 << Math.min(stretchRefusals, 30), MAX_STRETCH_SKIPS);
            stretchRefusals++;
        }
        return false;
    }

    /**
     * Starts a decode stretch when the next iterations are pure decodes of the whole batch: nobody waits (so nobody
     * is admitted), every running sequence decodes one token (no prompt left to compute), one scheduler step per
     * iteration, and the token budget holds the batch. Until a request is submitted, a sequence is about to finish,
     * a sequence within the sliding window would pass it, or the cache has fewer free blocks than the iteration needs, every
     * iteration then has the same batch and the same effects as one scheduled in full: each sequence's context
     * grows by one token, and a sequence whose blocks are full takes one new block. {@link #stretchStep} applies
     * such an iteration from the batch's sums in constant time, where scheduling it goes over every sequence (at
     * light load most of a simulation's iterations are of this kind). Returns false, changing nothing, when the
     * next iteration is not a pure decode or the stretch could not last two iterations.
     */
    private boolean startStretch() {
        int count = runningCount;
        if (count == 0 || !waiting.isEmpty() || finishedInGroupCount > 0 || settings.numSchedulerSteps() != 1
                || (settings.chunkedPrefill() && count > settings.maxNumBatchedTokens())) {
            return false;
        }
        // the newest sequences are the ones still computing a prompt (running order is arrival order): looked at first,
        // they turn most refusals down at once instead of after a pass over the whole batch
        Sequence newest = running[count - 1];
        if (newest.generated == 0 || newest.computed != newest.input + newest.generated - 1) {
            return false;
        }
        int bs = blockSize;
        if (stretchCrossings.length != bs) {
            stretchCrossings = new int[bs];
        }
        int[] crossings = stretchCrossings;
        Arrays.fill(crossings, 0);
        int full = 0;
        int limit = Integer.MAX_VALUE;
        int w = window;
        int within = 0;
        long context = 0;
        long local = 0;
        Sequence[] batch = running;
        for (int k = 0; k < count; k++) {
            Sequence s = batch[k];
            int g = s.generated;
            int c = s.computed;
            if (g == 0 || c != s.input + g - 1) {
                return false; // a prompt (or its chunk) to compute
            }
            // free slots before its next token: it takes a new block at stretch iteration slack + 1, then every bs
            int slack = s.capacityBlocks() * bs - c;
            if (slack > bs) {
                return false;
            }
            crossings[(slack + 1) % bs]++;
            if (slack == bs) {
                full++;
            }
            limit = Math.min(limit, s.output - g - 1);
            context += c;
            if (c < w) {
                // its local context grows with it up to the window: the stretch ends before it passes the window
                limit = Math.min(limit, w - c);
                within++;
                local += c;
            } else {
                local += w;
            }
        }
        if (limit < 2) {
            stretchScanned = true;
            return false;
        }
        reserveSchedule();
        for (int k = 0; k < count; k++) {
            tokenIds[k] = batch[k].id; // the ids of every stretch iteration, in running order
        }
        stretchFullBlocks = full;
        stretchContext = context;
        stretchLocalContext = local;
        stretchWithinWindow = within;
        stretchLimit = limit;
        stretchDone = 0;
        stretching = true;
        return true;
    }

    /**
     * The stretch's next iteration, with the same results an iteration scheduled in full gives (the same sums handed
     * to the same cost, the same gauges); false, after {@link #endStretch}, when the stretch is over and the
     * iteration must be scheduled in full.
     */
    private boolean stretchStep() {
        int j = stretchDone + 1;
        int crossings = j > stretchLimit || !waiting.isEmpty() ? Integer.MAX_VALUE
                : stretchCrossings[j % blockSize] - (j == 1 ? stretchFullBlocks : 0);
        if (crossings > freeBlocks) {
            endStretch(); // a request to admit, a sequence about to finish, or a block short (a preemption)
            return false;
        }
        freeBlocks -= crossings;
        stretchDone = j;
        stretchIterations++;
        int count = runningCount;
        long context = stretchContext + (long) j * count;
        long local = stretchLocalContext + (long) j * stretchWithinWindow;
        pureDecode(count, context, local);
        return true;
    }

    /**
     * The results of an iteration in which {@code count} running sequences each decode one token and nothing else
     * happens (nobody waits, is preempted, starts or finishes), at these contexts: a stretch's or the region's
     * constant-time step, with the gauges and duration a fully scheduled iteration gives it.
     */
    private void pureDecode(int count, long context, long local) {
        preemptedCount = 0;
        tokenCount = count;
        firstCount = 0;
        finishedCount = 0;
        lastWaiting = 0;
        lastRunning = count;
        lastUsage = kvCacheUsage();
        lastBatch = count;
        lastPrefillTokens = 0;
        lastDecodes = count;
        lastSeconds = cost.seconds(count, count, count, context, local, context, local, 1.0);
    }

    /** Brings the batch's sequences up to date with the stretch's iterations: tokens, and the blocks they took. */
    private void endStretch() {
        stretching = false;
        for (int k = 0; k < runningCount; k++) {
            decoded(running[k], stretchDone);
        }
    }

    /**
     * Applies {@code done} decodes to {@code s} at once: its tokens, and the blocks they took (one when its free slots
     * run out, then one every block size), as scheduling them one by one would.
     */
    private void decoded(Sequence s, int done) {
        int slack = s.capacityBlocks() * blockSize - s.computed;
        if (done > slack) {
            s.blocks += 1 + (done - slack - 1) / blockSize;
        }
        s.computed += done;
        s.generated += done;
    }

    /** This engine without decode stretches (tests compare the two). */
    ContinuousBatchingEngine withoutStretches() {
        this.stretches = false;
        return this;
    }

    /** This engine without its decoding region: decodes applied one by one outside stretches (tests compare the two). */
    ContinuousBatchingEngine withoutRegion() {
        this.regions = false;
        return this;
    }

    /** This engine without its decoding region either: every decode applied one by one (tests compare the two). */
    ContinuousBatchingEngine withoutShortcuts() {
        return withoutStretches().withoutRegion();
    }

    /** The engine's callers that read only token counts: the region's ids are not listed ({@link LoadRun}'s points). */
    ContinuousBatchingEngine withoutTokenIds() {
        this.tokenIdsWanted = false;
        return this;
    }

    /**
     * The engine of a caller that never aborts a request and gives each one its own id ({@link LoadRun}): requests are
     * not kept by id, which spares a map entry per request; {@link #abort} then refuses.
     */
    ContinuousBatchingEngine withoutAborts() {
        this.abortable = false;
        return this;
    }

    /** Iterations in which the decoding region decoded its sequences from their sums (tests check that it ran). */
    long regionSteps() {
        return regionSteps;
    }

    /** Iterations applied as decode-stretch steps so far (tests check that stretches ran). */
    long stretchIterations() {
        return stretchIterations;
    }

    /** Duration of the last iteration ({@link Iteration#seconds()}). */
    double lastSeconds() {
        return lastSeconds;
    }

    /** Queue length during the last iteration ({@link Iteration#waitingRequests()}). */
    int lastWaiting() {
        return lastWaiting;
    }

    /** Batch size during the last iteration ({@link Iteration#runningRequests()}). */
    int lastRunning() {
        return lastRunning;
    }

    /** KV usage during the last iteration ({@link Iteration#kvCacheUsage()}). */
    double lastUsage() {
        return lastUsage;
    }

    /** Ids that received a token in the last iteration: {@code tokenId(0 .. tokenCount())} ({@link Iteration#tokens()}). */
    int tokenCount() {
        return tokenCount;
    }

    long tokenId(int k) {
        return tokenIds[k];
    }

    /** Ids that received their first token in the last iteration: {@code firstTokenId(0 .. firstTokenCount())}. */
    int firstTokenCount() {
        return firstCount;
    }

    long firstTokenId(int k) {
        return firstIds[k];
    }

    /** Ids that finished in the last iteration: {@code finishedId(0 .. finishedCount())} ({@link Iteration#finished()}). */
    int finishedCount() {
        return finishedCount;
    }

    long finishedId(int k) {
        return finishedIds[k];
    }

    /** Whether every scheduled sequence decodes one token (no prompt work): such a batch can run several steps. */
    private boolean decodesOnly() {
        if (scheduledCount == 0) {
            return false;
        }
        for (int k = 0; k < scheduledCount; k++) {
            Sequence s = scheduled[k];
            if (scheduledTokens[k] != 1 || s.generated == 0 || s.pending() != 1) {
                return false;
            }
        }
        return true;
    }

    private void scheduleChunked() {
        int budget = settings.maxNumBatchedTokens();
        int i = decodeLeading(budget);
        if (i < 0) {
            return; // the last running sequence was preempted: nothing more is scheduled
        }
        budget -= fusedCount;
        while (i < runningCount && budget > 0) {
            Sequence s = running[i];
            int n = Math.min(s.pending(), budget);
            int tokens = s.computed + n;
            if (tokens > s.capacityBlocks() * blockSize && !reserveSlots(s, i, tokens)) {
                break; // s itself was preempted: it was the last running sequence
            }
            schedule(s, n);
            budget -= n;
            i++;
        }
        if (preemptedCount > 0) {
            return;
        }
        while (budget > 0 && !waiting.isEmpty() && runningCount < settings.maxNumSeqs()) {
            Sequence s = waiting.peekFirst();
            if (!admit(s)) {
                break;
            }
            int n = Math.min(s.pending(), budget);
            schedule(s, n);
            budget -= n;
        }
    }

    private void scheduleDefault() {
        int tokens = 0;
        while (!waiting.isEmpty() && runningCount < settings.maxNumSeqs()) {
            Sequence s = waiting.peekFirst();
            int n = s.pending() - (s.computed == 0 ? s.cachedHit : 0);
            if (tokens + n > settings.maxNumBatchedTokens() && tokens > 0) {
                break;
            }
            if (!admit(s)) {
                break;
            }
            schedule(s, n);
            tokens += n;
        }
        if (scheduledCount > 0) {
            return;
        }
        scheduleDecodes();
    }

    /** One decode step of every running sequence, preempting the youngest when the cache is full. */
    private void scheduleDecodes() {
        int i = decodeLeading(Integer.MAX_VALUE);
        if (i < 0) {
            return;
        }
        while (i < runningCount) {
            Sequence s = running[i];
            int tokens = s.computed + 1;
            if (tokens > s.capacityBlocks() * blockSize && !reserveSlots(s, i, tokens)) {
                break;
            }
            schedule(s, 1);
            i++;
        }
    }

    /**
     * Schedules and applies at once the decodes at the head of the running batch, up to {@code budget} of them (one
     * token each): the same effects, in the same order, as scheduling them one by one and {@link #execute executing}
     * them after the rest of the iteration is scheduled, at a fraction of the cost (a decode is most of what an
     * engine iteration does). Applying a decode early changes nothing the rest of the scheduling reads: preemption
     * takes only sequences behind it, admission reads the queue and the free blocks, and the blocks of a sequence
     * that finishes are freed after the iteration's gauges are read, as {@code execute} frees them. Only without
     * multi-step groups (whose scheduling reads the batch before it runs). The decoding region (the head that has
     * decoded at every iteration since it joined) is applied first, from its sums and events; the decodes after it one
     * by one, and those join it. Returns the index of the first running sequence left to the general scheduling, or -1
     * when a decode could not get its cache slot and was preempted (it was the last running sequence: nothing else is
     * scheduled).
     */
    private int decodeLeading(int budget) {
        if (settings.numSchedulerSteps() != 1) {
            return 0;
        }
        // fields in locals: this loop is most of a simulation's time, and the C1 compiler reloads a field at each use
        Sequence[] batch = running;
        int count = runningCount;
        long[] ids = tokenIds;
        int first = tokenCount;
        int idCount = first;
        int bs = blockSize;
        int w = window;
        int i = 0;
        long contextGlobal = 0;
        long contextLocal = 0;
        int limit = Math.min(count, budget);
        int members = region;
        int survivors = 0;
        if (members > 0) {
            long step = regionSteps + 1;
            int crossings = regionCrossings[(int) (step % bs)];
            if (members > limit || crossings > freeBlocks) {
                settleRegion(); // a block short (a preemption) or a budget short: decoded one by one below
                members = 0;
            } else {
                // every sequence of the region decodes one token, in running order, as the loop below would
                regionDecode(step, crossings, members);
                contextGlobal = regionContext;
                contextLocal = regionLocal;
                while (regionWindow.size() > 0 && regionWindow.firstStep() == step) {
                    if (regionWindow.poll().inRegion) {
                        regionWithin--;
                    }
                }
                idCount += members;
                survivors = members;
                while (regionFinishes.size() > 0 && regionFinishes.firstStep() == step) {
                    Sequence s = regionFinishes.poll();
                    int at = regionIndex(s, members);
                    settle(s);
                    leaveRegion(s);
                    survivors--;
                    if (fusedFinishedCount == 0) {
                        fusedFirstFinished = at;
                    }
                    finishLeading(s, at);
                }
                i = members;
            }
        }
        while (i < limit) {
            Sequence s = batch[i];
            int c = s.computed;
            int g = s.generated;
            if (g == 0 || c != s.input + g - 1) {
                break; // a prompt (or its chunk) to compute: the general path
            }
            int tokens = c + 1;
            if (tokens > (s.sharedBlocks + s.blocks) * bs) {
                if (!reserveSlots(s, i, tokens)) {
                    i = -1;
                    break;
                }
                count = runningCount; // sequences behind this one may have been preempted
                limit = Math.min(count, budget);
            }
            s.computed = tokens;
            s.generated = g + 1;
            contextGlobal += tokens;
            contextLocal += tokens <= w ? tokens : w;
            ids[idCount++] = s.id;
            if (g + 1 == s.output) {
                if (fusedFinishedCount == 0) {
                    fusedFirstFinished = i;
                }
                finishLeading(s, i);
            }
            i++;
        }
        tokenCount = idCount;
        fusedCount = idCount - first;
        fusedContextGlobal = contextGlobal;
        fusedContextLocal = contextLocal;
        if (regions) {
            region = survivors + (i > members ? join(members, i) : 0);
        }
        return i;
    }

    /**
     * Step {@code step} of the decoding region: each of its {@code members} sequences (the head of the batch) decodes
     * one token, as scheduling them one by one would: the blocks they take, the region's sums, and their ids in the
     * iteration's tokens (after those listed already). Its finishes and window passes at that step are the caller's.
     */
    private void regionDecode(long step, int crossings, int members) {
        freeBlocks -= crossings;
        regionSteps = step;
        regionContext += members;
        regionLocal += regionWithin;
        if (tokenIdsWanted) {
            long[] ids = tokenIds;
            Sequence[] batch = running;
            for (int k = 0, at = tokenCount; k < members; k++) {
                ids[at + k] = batch[k].id;
            }
        }
    }

    /**
     * An iteration in which the decoding region is the whole batch and nothing else happens, applied in constant time
     * (at light load most iterations are such): nobody waits, no multi-step group, the token budget holds the region,
     * the cache has the blocks it takes, and none of its sequences finishes or reaches the sliding window at this step.
     * Its effects and duration are those {@link #decodeLeading} and {@link #execute} give it; returns false, changing
     * nothing, otherwise.
     */
    private boolean regionOnlyStep() {
        int members = region;
        if (members == 0 || members != runningCount || !waiting.isEmpty() || finishedInGroupCount > 0
                || tokenIds.length < members || (settings.chunkedPrefill() && members > settings.maxNumBatchedTokens())) {
            return false;
        }
        long step = regionSteps + 1;
        int crossings = regionCrossings[(int) (step % blockSize)];
        if (crossings > freeBlocks || (regionFinishes.size() > 0 && regionFinishes.firstStep() == step)
                || (regionWindow.size() > 0 && regionWindow.firstStep() == step)) {
            return false;
        }
        scheduledCount = 0;
        tokenCount = 0; // the region writes its ids from here
        regionDecode(step, crossings, members);
        fusedCount = members;
        fusedContextGlobal = regionContext;
        fusedContextLocal = regionLocal;
        pureDecode(members, regionContext, regionLocal);
        return true;
    }

    /**
     * The sequences at {@code from .. to} decoded one by one in this iteration join the decoding region (behind it in
     * running order, so it stays the head of the batch once the finished are compacted out), up to the first that
     * has more than a block of free slots; returns how many joined.
     */
    private int join(int from, int to) {
        int bs = blockSize;
        if (regionCrossings.length != bs) {
            regionCrossings = new int[bs];
        }
        int joined = 0;
        for (int k = from; k < to; k++) {
            Sequence s = running[k];
            if (s.generated == s.output) {
                continue; // finished: it leaves the batch
            }
            int c = s.computed;
            int slack = s.capacityBlocks() * bs - c;
            if (slack >= bs) {
                break;
            }
            long mark = regionSteps;
            s.inRegion = true;
            s.mark = mark;
            // its next block at step mark + slack + 1, then every bs steps
            s.residue = (int) ((mark + slack + 1) % bs);
            regionCrossings[s.residue]++;
            s.finishAt = mark + (s.output - s.generated);
            regionFinishes.add(s.finishAt, s.admitted, s);
            regionContext += c;
            if (c < window) {
                regionLocal += c;
                regionWithin++;
                s.windowAt = mark + (window - c);
                if (s.windowAt <= s.finishAt) {
                    // one that finishes first never reaches the window in the region (leaveRegion counts it out)
                    regionWindow.add(s.windowAt, s.admitted, s);
                }
            } else {
                regionLocal += window;
            }
            joined++;
        }
        return joined;
    }

    /** The running index of region sequence {@code s} among the first {@code members} (running order is admission order). */
    private int regionIndex(Sequence s, int members) {
        int lo = 0;
        int hi = members - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long a = running[mid].admitted;
            if (a < s.admitted) {
                lo = mid + 1;
            } else if (a > s.admitted) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        throw new IllegalStateException("sequence " + s.id + " is not in the decoding region");
    }

    /** Brings {@code s}'s tokens and blocks up to the region's last step. */
    private void settle(Sequence s) {
        int done = (int) (regionSteps - s.mark);
        if (done > 0) {
            decoded(s, done);
        }
        s.mark = regionSteps;
    }

    /** Takes settled sequence {@code s} out of the region's sums and events (its window entry is skipped when due). */
    private void leaveRegion(Sequence s) {
        s.inRegion = false;
        regionCrossings[s.residue]--;
        int c = s.computed;
        regionContext -= c;
        if (c < window) {
            regionLocal -= c;
            regionWithin--;
        } else {
            regionLocal -= window;
        }
    }

    /** Ends the region: every sequence in it settled, each decoded one by one from the next iteration on. */
    private void settleRegion() {
        if (region == 0) {
            return;
        }
        for (int k = 0; k < region; k++) {
            Sequence s = running[k];
            settle(s);
            s.inRegion = false;
        }
        region = 0;
        regionFinishes.clear();
        regionWindow.clear();
        Arrays.fill(regionCrossings, 0);
        regionContext = 0;
        regionLocal = 0;
        regionWithin = 0;
    }

    /** A decode applied by {@link #decodeLeading} gave {@code s} its last token: reported now, its blocks freed later. */
    private void finishLeading(Sequence s, int at) {
        forget(s);
        reportFinished(s);
        if (fusedFinishedCount == fusedFinished.length) {
            fusedFinished = Arrays.copyOf(fusedFinished, fusedFinishedCount * 2);
            fusedFinishedAt = Arrays.copyOf(fusedFinishedAt, fusedFinishedCount * 2);
        }
        fusedFinishedAt[fusedFinishedCount] = at;
        fusedFinished[fusedFinishedCount++] = s;
    }

    /**
     * Admits the head of the queue if its whole prompt fits above the watermark. A request of a prefix group
     * ({@link #submit(long, int, int, int, int)}) needs the blocks of its prompt past the shared prefix, and the
     * shared prefix's blocks only where no running request of its group holds them yet.
     */
    private boolean admit(Sequence s) {
        int shared = s.group == PRIVATE_PREFIX ? 0 : s.cachedHit / blockSize;
        int[] prefix = shared == 0 ? null : sharedPrefixes.get(s.group);
        int resident = prefix == null ? 0 : prefix[1];
        int sharedNeed = Math.max(0, shared - resident);
        int need = blocksFor(s.total()) - shared - s.blocks;
        if (freeBlocks - need - sharedNeed < settings.watermarkBlocks()) {
            return false;
        }
        waiting.pollFirst();
        freeBlocks -= need + sharedNeed;
        s.blocks += need;
        if (shared > 0) {
            if (prefix == null) {
                prefix = new int[2];
                sharedPrefixes.put(s.group, prefix);
            }
            prefix[0]++;
            prefix[1] = Math.max(resident, shared);
            s.sharedBlocks = shared;
        }
        if (s.computed == 0) {
            s.computed = s.cachedHit; // prefix-cache hit: these prompt tokens' KV is there already
        }
        if (runningCount == running.length) {
            running = Arrays.copyOf(running, runningCount * 2);
        }
        s.admitted = admissions++;
        running[runningCount++] = s;
        return true;
    }

    /**
     * Makes room for {@code tokens} cached tokens of running sequence {@code s} at index {@code i},
     * preempting the youngest unscheduled running sequences, or {@code s} itself if it is the last.
     * The callers skip it when the sequence's blocks hold the tokens already (nothing to allocate, and as
     * freeBlocks is never negative, nothing to preempt).
     */
    private boolean reserveSlots(Sequence s, int i, int tokens) {
        int need = blocksFor(tokens) - s.capacityBlocks();
        while (need > freeBlocks) {
            int last = runningCount - 1;
            if (last > i) {
                Sequence victim = running[last];
                running[last] = null;
                runningCount--;
                preempt(victim);
            } else {
                removeRunningAt(i);
                preempt(s);
                return false;
            }
        }
        if (need > 0) {
            freeBlocks -= need;
            s.blocks += need;
        }
        return true;
    }

    private void preempt(Sequence victim) {
        release(victim);
        victim.computed = 0;
        waiting.addFirst(victim);
        preemptions++;
        if (preemptedCount == preemptedIds.length) {
            preemptedIds = Arrays.copyOf(preemptedIds, preemptedCount * 2);
        }
        preemptedIds[preemptedCount++] = victim.id;
    }

    /** Room for every sequence one iteration can schedule: the running ones and those it can admit. */
    private void reserveSchedule() {
        int most = Math.min(settings.maxNumSeqs(), runningCount + waiting.size());
        if (scheduled.length < most) {
            int size = Math.max(most, scheduled.length * 2);
            scheduled = Arrays.copyOf(scheduled, size);
            scheduledTokens = Arrays.copyOf(scheduledTokens, size);
        }
        // every scheduled sequence and every one a multi-step group still decodes gets at most one token
        int tokens = Math.max(most, runningCount) + finishedInGroupCount;
        if (tokenIds.length < tokens) {
            tokenIds = new long[Math.max(tokens, tokenIds.length * 2)];
            firstIds = new long[tokenIds.length];
        }
    }

    private void schedule(Sequence s, int n) {
        scheduled[scheduledCount] = s;
        scheduledTokens[scheduledCount] = n;
        scheduledCount++;
    }

    private void removeRunningAt(int i) {
        System.arraycopy(running, i + 1, running, i, runningCount - i - 1);
        running[--runningCount] = null;
    }

    private void removeRunning(Sequence s) {
        for (int i = 0; i < runningCount; i++) {
            if (running[i] == s) {
                removeRunningAt(i);
                return;
            }
        }
    }

    private void execute(double hostShare) {
        // the decodes applied while scheduling (decodeLeading) come first; a decode's attention pairs are its context
        // tokens (n c + n (n + 1) / 2 at n = 1), and every pair count is a whole number, so the sums are exact
        long tokens = fusedCount;
        long sampled = fusedCount;
        long ctxGlobal = fusedContextGlobal;
        long ctxLocal = fusedContextLocal;
        double pairsGlobal = fusedContextGlobal;
        double pairsLocal = fusedContextLocal;
        int prefillTokens = 0;
        int decodes = fusedCount;
        int held = finishedInGroupCount;
        boolean anyFinished = fusedFinishedCount > 0;
        // where the compaction of the batch starts: before the first sequence that finished, nothing moves
        int unchanged = anyFinished ? fusedFirstFinished : 0;
        // whether only decodes applied while scheduling finished: the batch is then compacted around their indices
        boolean onlyFused = true;
        int fusedFinishes = fusedFinishedCount;
        for (int k = 0; k < fusedFinishedCount; k++) {
            release(fusedFinished[k]);
            fusedFinished[k] = null;
        }
        fusedFinishedCount = 0;
        // the sequences that finished earlier in this multi-step group are still in its batch: one decode each,
        // whose token vLLM drops
        for (int k = 0; k < held; k++) {
            Sequence s = finishedInGroup[k];
            long c = s.computed;
            tokens++;
            sampled++;
            decodes++;
            ctxGlobal += c + 1;
            pairsGlobal += c + 1;
            if (c + 1 <= window) {
                ctxLocal += c + 1;
                pairsLocal += c + 1;
            } else {
                ctxLocal += window;
                pairsLocal += windowedPairs(c, 1);
            }
            s.computed++;
        }
        // one pass: each sequence's share of the work (from its state before the iteration), then the iteration's
        // effect on it; the cost depends on the sums alone, so it is computed after the pass
        for (int k = 0; k < scheduledCount; k++) {
            Sequence s = scheduled[k];
            long n = scheduledTokens[k];
            long c = s.computed;
            tokens += n;
            ctxGlobal += c + n;
            double pairs = n * c + n * (n + 1) / 2.0;
            pairsGlobal += pairs;
            if (c + n <= window) {
                ctxLocal += c + n;
                pairsLocal += pairs; // windowedPairs(c, n) inside the window
            } else {
                ctxLocal += window;
                pairsLocal += windowedPairs(c, n);
            }
            if (s.pending() == 1 && s.generated > 0) {
                decodes++;
            } else {
                prefillTokens += (int) n;
            }
            s.computed += (int) n;
            if (s.computed == s.total()) { // the last prompt chunk or a decode: it samples a token
                sampled++;
                s.generated++;
                if (s.generated == s.output) {
                    forget(s);
                    anyFinished = true;
                    onlyFused = false;
                    unchanged = 0;
                    if (multiStepLeft > 0) {
                        // inside a multi-step group: decoded on until the group ends, reported then
                        if (finishedInGroupCount == finishedInGroup.length) {
                            finishedInGroup = Arrays.copyOf(finishedInGroup, finishedInGroupCount * 2);
                        }
                        finishedInGroup[finishedInGroupCount++] = s;
                        scheduled[k] = null;
                        continue;
                    }
                    finish(s);
                }
                tokenIds[tokenCount++] = s.id;
                if (s.generated == 1) {
                    firstIds[firstCount++] = s.id;
                }
            }
            scheduled[k] = null;
        }
        int batch = fusedCount + scheduledCount + held;
        lastBatch = batch;
        lastSeconds = batch == 0 ? 0
                : cost.seconds(batch, tokens, sampled, ctxGlobal, ctxLocal, pairsGlobal, pairsLocal, hostShare);
        if (multiStepLeft == 0 && finishedInGroupCount > 0) {
            // the group's last step: its outputs reach the caller, and the finished sequences leave the engine
            for (int k = 0; k < finishedInGroupCount; k++) {
                Sequence s = finishedInGroup[k];
                tokenIds[tokenCount++] = s.id;
                finish(s);
                finishedInGroup[k] = null;
            }
            finishedInGroupCount = 0;
        }
        lastPrefillTokens = prefillTokens;
        lastDecodes = decodes;
        if (anyFinished && onlyFused) {
            // the sequences between two finished ones move down as a block, in arrival order
            int[] at = fusedFinishedAt;
            int kept = at[0];
            for (int m = 0; m < fusedFinishes; m++) {
                int from = at[m] + 1;
                int length = (m + 1 < fusedFinishes ? at[m + 1] : runningCount) - from;
                System.arraycopy(running, from, running, kept, length);
                kept += length;
            }
            Arrays.fill(running, kept, runningCount, null);
            runningCount = kept;
        } else if (anyFinished) {
            // compact out the finished sequences (only scheduled ones can finish), keeping arrival order
            int kept = unchanged;
            for (int i = unchanged; i < runningCount; i++) {
                Sequence s = running[i];
                if (s.generated < s.output) {
                    running[kept++] = s;
                }
            }
            Arrays.fill(running, kept, runningCount, null);
            runningCount = kept;
        }
    }

    /** A finished request can no longer be aborted: it leaves the requests kept by id (when they are kept). */
    private void forget(Sequence s) {
        if (abortable) {
            byId.remove(s.id);
        }
    }

    /** Reports {@code s} finished and frees its cache blocks. */
    private void finish(Sequence s) {
        reportFinished(s);
        release(s);
    }

    /** Adds {@code s} to the iteration's finished ids. */
    private void reportFinished(Sequence s) {
        if (finishedCount == finishedIds.length) {
            finishedIds = Arrays.copyOf(finishedIds, finishedCount * 2);
        }
        finishedIds[finishedCount++] = s.id;
    }

    private double windowedPairs(long c, long n) {
        if (c + n <= window) {
            return n * c + n * (n + 1) / 2.0;
        }
        if (c >= window) {
            return (double) n * window;
        }
        long m = window - c;
        return m * c + m * (m + 1) / 2.0 + (double) (n - m) * window;
    }

    /** Frees a sequence's own blocks, and its shared prefix's when it was the last running request to hold them. */
    private void release(Sequence s) {
        freeBlocks += s.blocks;
        s.blocks = 0;
        if (s.sharedBlocks > 0) {
            int[] prefix = sharedPrefixes.get(s.group);
            if (--prefix[0] == 0) {
                freeBlocks += prefix[1];
                sharedPrefixes.remove(s.group);
            }
            s.sharedBlocks = 0;
        }
    }

    private int blocksFor(int tokens) {
        return (tokens + settings.blockSize() - 1) / settings.blockSize();
    }

    /**
     * One scheduler iteration.
     *
     * @param seconds         its duration from the roofline ({@link IterationCost})
     * @param sequences       sequences in the batch
     * @param prefillTokens   prompt tokens processed (including recomputation after preemption)
     * @param decodeTokens    sequences that decoded one token
     * @param tokens          ids that received one output token at the end of the iteration
     *                        (their first one when the prompt just completed)
     * @param finished        ids that received their last token and left the engine
     * @param preempted       ids preempted (sent back to the queue for recomputation) this iteration
     * @param waitingRequests queue length during the iteration
     * @param runningRequests batch size during the iteration
     * @param kvCacheUsage    fraction of KV blocks in use during the iteration
     */
    public record Iteration(double seconds, int sequences, int prefillTokens, int decodeTokens,
                            long[] tokens, long[] finished, long[] preempted,
                            int waitingRequests, int runningRequests, double kvCacheUsage) {
    }

    private static final class Sequence {
        final long id;
        final int input;
        final int output;
        /** Prompt tokens served from the prefix cache at admission (whole blocks). */
        final int cachedHit;
        /** The prefix group whose cached blocks it shares, or {@link #PRIVATE_PREFIX}. */
        final int group;
        int generated;
        int computed;
        /** Blocks of its own (all of them for a private prefix). */
        int blocks;
        /** Blocks of its group's shared prefix it holds while running (0 for a private prefix). */
        int sharedBlocks;
        /** Its place in the running order (admission order; a preempted sequence gets a new one when re-admitted). */
        long admitted;
        /** In the decoding region: whether it is, the region step its fields are true at, its events. */
        boolean inRegion;
        long mark;
        long finishAt;
        long windowAt;
        int residue;

        Sequence(long id, int input, int output, int cachedHit, int group) {
            this.id = id;
            this.input = input;
            this.output = output;
            this.cachedHit = cachedHit;
            this.group = group;
        }

        /** Blocks whose slots hold its tokens: the shared prefix's and its own. */
        int capacityBlocks() {
            return sharedBlocks + blocks;
        }

        /** Tokens whose KV must exist before the next token can be sampled. */
        int total() {
            return input + generated;
        }

        int pending() {
            return total() - computed;
        }
    }
}
