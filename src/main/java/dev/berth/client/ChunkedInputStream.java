package dev.berth.client;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body (RFC 9112 §7.1): extensions ignored, trailers skipped; EOF after the last chunk. */
public final class ChunkedInputStream extends BulkInputStream {
    private final InputStream in;
    private long remainingInChunk;
    private boolean done;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remainingInChunk == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remainingInChunk));
        if (n == -1) {
            throw BerthException.internal("the daemon closed the connection inside a chunk");
        }
        remainingInChunk -= n;
        if (remainingInChunk == 0) {
            expectEmptyLine();
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remainingInChunk);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        String line = ResponseHead.readLine(in).orElseThrow(() -> BerthException.internal("the daemon closed a chunked body early"));
        int semicolon = line.indexOf(';');
        String size = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
        try {
            remainingInChunk = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw BerthException.internal("invalid chunk size from the daemon: '" + line + "'");
        }
        if (remainingInChunk < 0) {
            throw BerthException.internal("invalid chunk size from the daemon: '" + line + "'");
        }
        if (remainingInChunk == 0) {
            done = true;
            // Trailer fields end with an empty line; a server that closes right after "0\r\n" is tolerated.
            String trailer;
            do {
                trailer = ResponseHead.readLine(in).orElse("");
            } while (!trailer.isEmpty());
            return false;
        }
        return true;
    }

    private void expectEmptyLine() throws IOException {
        String line = ResponseHead.readLine(in).orElseThrow(() -> BerthException.internal("the daemon closed the connection after a chunk"));
        if (!line.isEmpty()) {
            throw BerthException.internal("chunk longer than its declared size from the daemon");
        }
    }
}
