package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The guest agent's protocol (init.sh's {@code serve_agent}), one line per message on the berth.agent port.
 * berthd sends {@code exec ID SLOT STDIN COMMAND} (COMMAND: shell words on one line, see {@link GuestScript#command})
 * and {@code kill ID SLOT SIGNAL}, and {@code hello} after it connects; the agent answers with {@link Reply} lines:
 * {@code hello VERSION}, {@code accepted ID} or {@code busy ID OWNER} or {@code error ID MESSAGE}, {@code pid ID PID},
 * {@code exit ID CODE}, {@code done ID}.
 * An exec's stdout and stderr are raw bytes on its slot's out and err ports, each closed by {@link #endMarker},
 * because a guest closing a port is not seen on the host's socket.
 */
final class AgentProtocol {
    static final int VERSION = 1;
    private static final Pattern EXEC_ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgentProtocol() {}

    /** What the agent says. */
    sealed interface Reply {
        String execId();
    }

    /** The agent's answer to an exec request. */
    sealed interface Answer extends Reply {}

    /** Sent on every connection and in answer to {@code hello}: the agent runs and speaks {@code version}. */
    record Hello(int version) implements Reply {
        @Override
        public String execId() {
            return "";
        }
    }

    /** The slot was free and is now the exec's: berthd connects to its ports. */
    record Accepted(String execId) implements Answer {}

    /** The slot still serves exec {@code owner}, one of an earlier berthd whose output nobody has read yet. */
    record Busy(String execId, String owner) implements Answer {}

    /** The agent could not start the exec, and says why. */
    record Refused(String execId, String message) implements Answer {}

    /** The process runs, with this pid in the guest. */
    record Started(String execId, long pid) implements Reply {}

    /** The process ended: its exit code, 128 + N when signal N ended it. */
    record Exited(String execId, int code) implements Reply {}

    /** The exec's slot is free again: both end markers are written and the ports closed. */
    record Done(String execId) implements Reply {}

    /** A fresh exec id: 128 random bits in hex, never guessable by what runs in the guest, so it can mark streams. */
    static String newExecId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String hello() {
        return "hello\n";
    }

    static String exec(String execId, int slot, boolean stdin, String command) {
        requireExecId(execId);
        if (command.isBlank() || command.contains("\n")) {
            throw BerthException.internal("an exec command is one non-empty line: " + command);
        }
        return "exec %s %d %d %s\n".formatted(execId, slot, stdin ? 1 : 0, command);
    }

    static String kill(String execId, int slot, int signal) {
        requireExecId(execId);
        return "kill %s %d %d\n".formatted(execId, slot, signal);
    }

    /** What closes exec {@code execId}'s stdout and its stderr. */
    static byte[] endMarker(String execId) {
        return ("berth:exec:end:" + requireExecId(execId)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The reply on {@code line}; empty for a line that is none (the caller logs it). */
    static Optional<Reply> parse(String line) {
        String[] f = line.strip().split(" ", 3);
        try {
            return Optional.of(switch (f[0]) {
                case "hello" -> new Hello(Integer.parseInt(f[1]));
                case "accepted" -> new Accepted(requireExecId(f[1]));
                case "busy" -> new Busy(requireExecId(f[1]), requireExecId(f[2]));
                case "error" -> new Refused(requireExecId(f[1]), f.length > 2 ? f[2] : "");
                case "pid" -> new Started(requireExecId(f[1]), Long.parseLong(f[2]));
                case "exit" -> new Exited(requireExecId(f[1]), Integer.parseInt(f[2]));
                case "done" -> new Done(requireExecId(f[1]));
                default -> throw BerthException.internal("unknown reply");
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String requireExecId(String execId) {
        if (!EXEC_ID.matcher(execId).matches()) {
            throw BerthException.internal("not an exec id: " + execId);
        }
        return execId;
    }
}
