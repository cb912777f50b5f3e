package dev.berth.image.overlay;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.berth.common.BerthException;
import dev.berth.common.Syscalls;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Overlay mounts made with mount(2) in-process, through the FFM API, which saves starting a {@code mount} process
 * for every container root. Layer paths in the options are relative to the snapshotter's root, as they were for
 * the mount command run there, because only short paths keep many layers within the one-page option limit. So
 * the call runs on a platform thread of its own that has unshared its working directory from the daemon's
 * (unshare(CLONE_FS)) and changed it to the root; the rest of the daemon keeps its own. The thread goes after a
 * minute unused.
 */
final class OverlayMounter {
    private static final int CLONE_FS = 0x200;
    private static final MethodHandle MOUNT = Syscalls.libc("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UNSHARE = Syscalls.libc("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CHDIR = Syscalls.libc("chdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private final Path root;
    private final ThreadPoolExecutor worker;
    /** Whether the current worker thread works in {@link #root} yet; a new thread after an idle minute does not. */
    private final ThreadLocal<Boolean> inRoot = ThreadLocal.withInitial(() -> false);

    OverlayMounter(Path root) {
        this.root = root;
        this.worker = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                task -> Thread.ofPlatform().daemon().name("overlay-mount").unstarted(task));
        worker.allowCoreThreadTimeOut(true);
    }

    /** Mounts an overlay at {@code target} with {@code options}, whose paths may be relative to the root. */
    void mount(String options, Path target) {
        try {
            worker.submit(() -> {
                enterRoot();
                Syscalls.check("mount an overlay at " + target, (arena, errno) -> (int) MOUNT.invokeExact(errno,
                        arena.allocateFrom("overlay"), arena.allocateFrom(target.toString()), arena.allocateFrom("overlay"),
                        0L, arena.allocateFrom(options)));
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while mounting " + target, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BerthException b ? b
                    : BerthException.internal("cannot mount " + target + ": " + e.getCause(), e.getCause());
        }
    }

    private void enterRoot() {
        if (!inRoot.get()) {
            Syscalls.check("give the mount thread a working directory of its own",
                    (arena, errno) -> (int) UNSHARE.invokeExact(errno, CLONE_FS));
            Syscalls.check("change the mount thread's working directory to " + root,
                    (arena, errno) -> (int) CHDIR.invokeExact(errno, arena.allocateFrom(root.toString())));
            inRoot.set(true);
        }
    }
}
