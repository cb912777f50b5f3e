package dev.berth.cli;

import dev.berth.client.RequestBody;
import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** An archive to upload: a file (sent with its length) or stdin ({@code -}, sent chunked; never a terminal). */
final class TarInput {
    private TarInput() {}

    static RequestBody open(CliContext ctx, String source) {
        if (source.equals("-")) {
            if (ctx.isTerminal(0)) {
                throw BerthException.invalid("requested load from stdin, but stdin is a terminal: redirect a tar archive into it or name a file");
            }
            return RequestBody.tar(ctx.in(), OptionalLong.empty());
        }
        Path file = Path.of(source);
        try {
            InputStream in = Files.newInputStream(file);
            return RequestBody.tar(in, OptionalLong.of(Files.size(file)));
        } catch (IOException e) {
            throw BerthException.invalid("cannot read " + source + ": " + e.getMessage());
        }
    }
}
