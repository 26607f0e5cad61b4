package dev.kiq.perf;

import java.util.Arrays;

/**
 * Values by a step, then by an order: a binary min-heap on two longs, for the decoding region's events in {@link
 * ContinuousBatchingEngine} (by the step of an event, then in running order). A {@code PriorityQueue} with a comparator
 * costs a call per comparison: a tenth of a small model's simulation on eight H200 (gemma-2-2b-it, warm on C1).
 */
final class StepHeap<T> {
    private long[] steps = new long[64];
    private long[] orders = new long[64];
    private Object[] values = new Object[64];
    private int size;

    int size() {
        return size;
    }

    /** The smallest step held; only when {@link #size()} is above 0. */
    long firstStep() {
        return steps[0];
    }

    void add(long step, long order, T value) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            orders = Arrays.copyOf(orders, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int k = size++;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!before(step, order, steps[parent], orders[parent])) {
                break;
            }
            put(k, steps[parent], orders[parent], values[parent]);
            k = parent;
        }
        put(k, step, order, value);
    }

    /** Removes and returns the value of the smallest (step, order). */
    T poll() {
        @SuppressWarnings("unchecked")
        T first = (T) values[0];
        int last = --size;
        long step = steps[last];
        long order = orders[last];
        @SuppressWarnings("unchecked")
        T value = (T) values[last];
        values[last] = null;
        int k = 0;
        int half = last >>> 1;
        while (k < half) {
            int child = 2 * k + 1;
            int right = child + 1;
            if (right < last && before(steps[right], orders[right], steps[child], orders[child])) {
                child = right;
            }
            if (!before(steps[child], orders[child], step, order)) {
                break;
            }
            put(k, steps[child], orders[child], values[child]);
            k = child;
        }
        if (last > 0) {
            put(k, step, order, value);
        }
        return first;
    }

    void clear() {
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    private void put(int k, long step, long order, Object value) {
        steps[k] = step;
        orders[k] = order;
        values[k] = value;
    }

    private static boolean before(long step, long order, long otherStep, long otherOrder) {
        return step < otherStep || (step == otherStep && order < otherOrder);
    }
}
