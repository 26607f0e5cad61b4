package dev.kiq.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StepHeapTest {

    /** By step, then by order: (3, 1), (3, 0), (1, 5), (2, 2), (1, 4) come out as (1, 4), (1, 5), (2, 2), (3, 0), (3, 1). */
    @Test
    void pollsBySmallestStepThenSmallestOrder() {
        StepHeap<String> heap = new StepHeap<>();
        heap.add(3, 1, "c1");
        heap.add(3, 0, "c0");
        heap.add(1, 5, "a5");
        heap.add(2, 2, "b2");
        heap.add(1, 4, "a4");
        assertThat(heap.firstStep()).isEqualTo(1);
        List<String> out = new ArrayList<>();
        while (heap.size() > 0) {
            out.add(heap.poll());
        }
        assertThat(out).containsExactly("a4", "a5", "b2", "c0", "c1");
    }

    /** Interleaved adds and polls of 5 000 random keys (many equal steps), past its first growth: a sorted list's order. */
    @Test
    void agreesWithASortedListUnderInterleavedAddsAndPolls() {
        SplittableRandom random = new SplittableRandom(11);
        StepHeap<long[]> heap = new StepHeap<>();
        List<long[]> reference = new ArrayList<>();
        Comparator<long[]> byStepThenOrder = Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]);
        long order = 0;
        for (int i = 0; i < 5000; i++) {
            if (reference.isEmpty() || random.nextInt(3) > 0) {
                long[] key = {random.nextInt(40), order++};
                heap.add(key[0], key[1], key);
                reference.add(key);
            } else {
                reference.sort(byStepThenOrder);
                long[] expected = reference.remove(0);
                assertThat(heap.firstStep()).isEqualTo(expected[0]);
                assertThat(heap.poll()).isSameAs(expected);
            }
            assertThat(heap.size()).isEqualTo(reference.size());
        }
        heap.clear();
        assertThat(heap.size()).isZero();
    }
}
