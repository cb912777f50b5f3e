package dev.berth.common;

/**
 * Go's {@code os.FileMode} bits, which Docker's API uses for file modes (the path stat of {@code docker cp}):
 * permission bits as in Unix, but the file type and the setuid, setgid and sticky bits high up where Go puts them.
 */
public final class GoFileMode {
    public static final long DIR = 1L << 31;
    public static final long SYMLINK = 1L << 27;
    private static final long DEVICE = 1L << 26;
    private static final long NAMED_PIPE = 1L << 25;
    private static final long SOCKET = 1L << 24;
    private static final long SETUID = 1L << 23;
    private static final long SETGID = 1L << 22;
    private static final long CHAR_DEVICE = 1L << 21;
    private static final long STICKY = 1L << 20;

    private GoFileMode() {}

    /** Converts a Unix {@code st_mode} as Go's {@code fillFileStatFromSys} does. */
    public static long fromUnix(int unixMode) {
        long mode = unixMode & 0777;
        mode |= switch (unixMode & 0170000) {
            case 0040000 -> DIR;
            case 0120000 -> SYMLINK;
            case 0060000 -> DEVICE;
            case 0020000 -> DEVICE | CHAR_DEVICE;
            case 0010000 -> NAMED_PIPE;
            case 0140000 -> SOCKET;
            default -> 0;
        };
        if ((unixMode & 04000) != 0) {
            mode |= SETUID;
        }
        if ((unixMode & 02000) != 0) {
            mode |= SETGID;
        }
        if ((unixMode & 01000) != 0) {
            mode |= STICKY;
        }
        return mode;
    }
}
