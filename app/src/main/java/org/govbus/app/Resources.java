package org.govbus.app;

import java.util.ArrayList;
import java.util.List;

/**
 * What a node opened, in order, so that it closes in the reverse order on stop and on a failed start alike: each
 * one even when one before it failed, so a port, a journal or a database is never left open.
 */
final class Resources implements AutoCloseable {
    /** How to close one thing. */
    @FunctionalInterface
    interface Closing<T> {
        void close(T resource) throws Exception;
    }

    private record Entry(Object resource, AutoCloseable closing) {}

    private final List<Entry> opened = new ArrayList<>();

    <T> T add(T resource, Closing<T> closing) {
        opened.add(new Entry(resource, () -> closing.close(resource)));
        return resource;
    }

    /** Adds {@code resource} so that it closes after {@code later} (which was added before it) has closed. */
    <T> T addBefore(Object later, T resource, Closing<T> closing) {
        for (int i = 0; i < opened.size(); i++) {
            if (opened.get(i).resource() == later) {
                opened.add(i, new Entry(resource, () -> closing.close(resource)));
                return resource;
            }
        }
        throw new IllegalArgumentException(later + " was not added");
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).closing().close();
            } catch (Exception e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        opened.clear();
        if (first != null) throw first;
    }
}
