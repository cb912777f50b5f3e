package dev.berth.api.http;

import dev.berth.common.BerthException;
import dev.berth.common.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request and its answer, used by a handler on its own virtual thread. Exactly one of the respond,
 * stream or hijack methods is called per exchange. Every answer carries the headers Docker clients read
 * ({@code Api-Version}, {@code Ostype}, {@code Server}).
 */
public final class Exchange {
    /** Query values Docker treats as false; anything else present is true (moby httputils.BoolValue). */
    private static final Set<String> FALSE_WORDS = Set.of("", "0", "no", "false", "none");

    private final Channel channel;
    private final HttpRequest request;
    private final BodyStream body;
    private final String path;
    private final String apiVersion;
    private final Map<String, List<String>> query;
    private final java.util.function.Supplier<InputStream> onHijack;
    private Map<String, String> pathParams = Map.of();
    private final Map<String, String> responseHeaders = new java.util.LinkedHashMap<>();
    private boolean answered;

    Exchange(Channel channel, HttpRequest request, BodyStream body, String path, String apiVersion,
             java.util.function.Supplier<InputStream> onHijack) {
        this.channel = channel;
        this.request = request;
        this.body = body;
        this.path = path;
        this.apiVersion = apiVersion;
        this.query = new QueryStringDecoder(request.uri()).parameters();
        this.onHijack = onHijack;
    }

    public String method() {
        return request.method().name();
    }

    /** The path without its {@code /v1.xx} prefix. */
    public String path() {
        return path;
    }

    /** The API version the client asked for, or the server's own for unversioned paths. */
    public String apiVersion() {
        return apiVersion;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = Map.copyOf(params);
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    public boolean queryBool(String name) {
        return query(name).map(v -> !FALSE_WORDS.contains(v.toLowerCase(Locale.ROOT))).orElse(false);
    }

    public Optional<Integer> queryInt(String name) {
        Optional<String> v = query(name).filter(s -> !s.isEmpty());
        try {
            return v.map(Integer::parseInt);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid value for query parameter " + name + ": " + v.get());
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.headers().get(name));
    }

    public InputStream body() {
        return body;
    }

    /** Reads the whole body, refusing more than {@code max} bytes. */
    public byte[] bodyBytes(int max) {
        try {
            byte[] data = body.readNBytes(max + 1);
            if (data.length > max) {
                throw BerthException.invalid("request body too large (limit " + max + " bytes)");
            }
            return data;
        } catch (IOException e) {
            throw BerthException.invalid("cannot read request body: " + e.getMessage());
        }
    }

    /** Parses the JSON body into {@code type}; an empty body gives an empty object. */
    public <T> T bodyJson(Class<T> type) {
        byte[] data = bodyBytes(16 * 1024 * 1024);
        return Json.parse(data.length == 0 ? "{}".getBytes() : data, type, "request body");
    }

    /** Adds a header to the answer still to be given, such as Docker's {@code X-Docker-Container-Path-Stat}. */
    public Exchange responseHeader(String name, String value) {
        if (answered) {
            throw new IllegalStateException("exchange already answered, too late for header " + name);
        }
        responseHeaders.put(name, value);
        return this;
    }

    public void respondJson(int status, Object value) {
        respondBytes(status, "application/json", Json.bytes(value));
    }

    public void respondStatus(int status) {
        respondBytes(status, null, new byte[0]);
    }

    public void respondBytes(int status, String contentType, byte[] data) {
        markAnswered();
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(data));
        addCommonHeaders(resp.headers());
        if (contentType != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (status != 204 && status != 304) {
            resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, data.length);
        }
        finish(channel.writeAndFlush(resp));
    }

    /**
     * Starts a chunked streaming answer: headers are flushed at once (clients such as {@code docker run} wait
     * for them before they go on), then each {@code flush()} of the returned stream sends what was written.
     */
    public OutputStream stream(int status, String contentType) {
        markAnswered();
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        addCommonHeaders(resp.headers());
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(resp, true);
        await(channel.writeAndFlush(resp));
        return new ChunkedOutput();
    }

    /** Whether the client is still connected, for streams that may wait long between writes. */
    public boolean clientConnected() {
        return channel.isActive();
    }

    /** The two directions of a hijacked connection. */
    public record Hijacked(InputStream in, OutputStream out) {}

    /**
     * Takes the connection over for raw bytes both ways, as Docker's attach and exec do. With an
     * {@code Upgrade: tcp} request the answer is {@code 101 UPGRADED}; without, a bare {@code 200 OK}. Read the
     * request body before calling this: afterwards only the raw bytes the client sends are readable.
     */
    public Hijacked hijack(String contentType) {
        markAnswered();
        boolean upgrade = header("Upgrade").isPresent();
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                upgrade ? new HttpResponseStatus(101, "UPGRADED") : HttpResponseStatus.OK);
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (upgrade) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            resp.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        }
        InputStream in = onHijack.get();
        java.util.concurrent.CompletableFuture<ChannelFuture> written = new java.util.concurrent.CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            // Write the answer and take the codec out in one event-loop task: no client byte can be read in
            // between and misparsed as HTTP.
            written.complete(channel.writeAndFlush(resp));
            if (channel.pipeline().get("codec") != null) {
                channel.pipeline().remove("codec");
            }
        });
        await(written.join());
        return new Hijacked(in, new RawOutput());
    }

    boolean answered() {
        return answered;
    }

    private void markAnswered() {
        if (answered) {
            throw new IllegalStateException("exchange already answered");
        }
        answered = true;
    }

    private void addCommonHeaders(HttpHeaders h) {
        h.set("Api-Version", ApiVersions.CURRENT);
        h.set("Ostype", "linux");
        h.set("Server", "Docker/" + ApiVersions.ENGINE_VERSION + " (linux)");
        h.set("Docker-Experimental", "false");
        responseHeaders.forEach(h::set);
        if (!HttpUtil.isKeepAlive(request)) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void finish(ChannelFuture f) {
        if (!HttpUtil.isKeepAlive(request)) {
            f.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
        await(f);
    }

    /** Blocks the handler's virtual thread until a write left, so a slow client slows the producer. */
    private static void await(ChannelFuture f) {
        try {
            if (!f.await(5, TimeUnit.MINUTES)) {
                throw new IOException("client did not take data for 5 minutes");
            }
            if (!f.isSuccess()) {
                throw new IOException("client went away", f.cause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException("interrupted while writing");
        } catch (IOException e) {
            throw new ClientGoneException(e.getMessage());
        }
    }

    private abstract class BufferedOutput extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean closed;

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            pending.write(b, off, len);
            if (pending.size() >= 64 * 1024) {
                flush();
            }
        }

        @Override
        public void flush() {
            if (pending.size() > 0) {
                ByteBuf buf = Unpooled.wrappedBuffer(pending.toByteArray());
                pending.reset();
                await(channel.writeAndFlush(wrap(buf)));
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!channel.isActive()) {
                return;
            }
            flush();
            end();
        }

        abstract Object wrap(ByteBuf buf);

        abstract void end();
    }

    private final class ChunkedOutput extends BufferedOutput {
        @Override
        Object wrap(ByteBuf buf) {
            return new DefaultHttpContent(buf);
        }

        @Override
        void end() {
            finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        }
    }

    private final class RawOutput extends BufferedOutput {
        @Override
        Object wrap(ByteBuf buf) {
            return buf;
        }

        @Override
        void end() {
            channel.close();
        }
    }
}
