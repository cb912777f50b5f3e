package dev.berth.runtime.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One QMP command over QEMU's monitor socket (QEMU Machine Protocol: a greeting, {@code qmp_capabilities} to
 * leave negotiation mode, then one JSON object per line; asynchronous events may come before the answer).
 */
final class Qmp {
    private Qmp() {}

    /** A command and its arguments, e.g. {@code device_add} with the device's properties. */
    record Command(String name, Map<String, Object> arguments) {
        Command {
            arguments = Map.copyOf(arguments);
        }
    }

    /** Runs {@code command} (e.g. "quit", "stop", "cont") and returns its {@code return} value. */
    static JsonNode execute(Path socket, String command) {
        return execute(socket, List.of(new Command(command, Map.of()))).getFirst();
    }

    /** Runs {@code commands} in order on one connection and returns their {@code return} values; stops at the first refused. */
    static List<JsonNode> execute(Path socket, List<Command> commands) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            in.readLine(); // the greeting
            send(channel, new Command("qmp_capabilities", Map.of()));
            answer(in, socket, "qmp_capabilities");
            List<JsonNode> answers = new ArrayList<>();
            for (Command command : commands) {
                send(channel, command);
                answers.add(answer(in, socket, command.name()));
            }
            return answers;
        } catch (IOException e) {
            throw BerthException.internal("cannot send QMP commands %s to %s: %s".formatted(commands.stream().map(Command::name).toList(),
                    socket, e.getMessage()), e);
        }
    }

    private static void send(SocketChannel channel, Command command) throws IOException {
        Map<String, Object> message = command.arguments().isEmpty() ? Map.of("execute", command.name())
                : Map.of("execute", command.name(), "arguments", command.arguments());
        ByteBuffer bytes = ByteBuffer.wrap((Json.string(message) + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static JsonNode answer(BufferedReader in, Path socket, String command) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode message = Json.parse(line.getBytes(StandardCharsets.UTF_8), JsonNode.class, "QMP message");
            if (message.has("return")) {
                return message.get("return");
            }
            if (message.has("error")) {
                throw BerthException.internal("QEMU refused %s: %s".formatted(command, message.get("error").path("desc").asText()));
            }
        }
        throw BerthException.internal("QEMU closed %s before answering %s".formatted(socket, command));
    }
}
