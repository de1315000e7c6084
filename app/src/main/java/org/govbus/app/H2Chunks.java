package org.govbus.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * The two operations of H2 2.4's own housekeeping that {@link H2Compaction} runs in its place, which H2 does not make
 * public: the fill rate of the chunks old enough to rewrite, and the rewrite of chunks under a given fill rate, bounded
 * by the live bytes it moves, under the store's lock. The public {@code MVStore.compact(target, write)} is not the
 * same: past its gate it takes every chunk, full ones too, as a candidate, and ranks them so that old full chunks come
 * first — measured, it rewrote about 10 MB a second that freed nothing. Looked up once, when the class loads: an H2
 * without them fails the node's start (and {@code H2CompactionTest}), never a step.
 */
final class H2Chunks {
    private static final Method REWRITABLE_FILL_RATE = method(FileStore.class, "getRewritableChunksFillRate");
    private static final Method REWRITE = method(FileStore.class, "rewriteChunks", int.class, int.class);
    private static final Method UNDER_STORE_LOCK = method(MVStore.class, "tryExecuteUnderStoreLock", Callable.class);

    private H2Chunks() {}

    /** How full the chunks old enough to rewrite (past the retention time, not the latest) are, in per cent. */
    static int rewritableFillRate(MVStore store) {
        return (Integer) invoke(REWRITABLE_FILL_RATE, store.getFileStore());
    }

    /**
     * Marks for rewriting the live pages of chunks under {@code fillRate} % full, up to about {@code liveBytes}; true if
     * it marked any; {@code heldNanos} is told how long it held the store's lock. Waits at most 10 ms for the lock (H2's
     * own bound) and does nothing when it cannot get it.
     */
    static boolean rewrite(MVStore store, int liveBytes, int fillRate, java.util.function.LongConsumer heldNanos) {
        FileStore<?> file = store.getFileStore();
        Callable<Boolean> rewrite = () -> {
            long t0 = System.nanoTime();
            try {
                return (Boolean) REWRITE.invoke(file, liveBytes, fillRate);
            } catch (InvocationTargetException e) {
                // inside the lock, a failure is a panic of the store, as it is for H2's own housekeeping: with H2's reason
                if (e.getCause() instanceof Exception x) throw x;
                if (e.getCause() instanceof Error x) throw x;
                throw e;
            } finally {
                heldNanos.accept(System.nanoTime() - t0);
            }
        };
        Object done = invoke(UNDER_STORE_LOCK, store, rewrite);
        return Boolean.TRUE.equals(done);
    }

    private static Method method(Class<?> owner, String name, Class<?>... parameters) {
        try {
            Method m = owner.getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("this H2 has no " + owner.getSimpleName() + "." + name + ": H2Compaction is written for H2 2.4");
        }
    }

    private static Object invoke(Method m, Object target, Object... arguments) {
        try {
            return m.invoke(target, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
