package dev.berth.api.http;

import dev.berth.common.BerthException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One client connection: turns Netty's request parts into an {@link Exchange} whose handler runs on a virtual
 * thread, so handlers block freely (waiting for a container, streaming a log) without holding an event loop.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = System.getLogger("berth.api");
    private final Router router;
    private volatile BodyStream body;
    private volatile BodyStream raw;

    HttpConnection(Router router) {
        this.router = router;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            BodyStream stream = new BodyStream(on -> ctx.channel().config().setAutoRead(on));
            body = stream;
            Thread.ofVirtual().name("api-" + request.method() + " " + request.uri()).start(() -> serve(ctx, request, stream));
        }
        if (msg instanceof HttpContent content) {
            if (content.content().isReadable()) {
                body.offer(content.content().retain());
            }
            if (content instanceof LastHttpContent) {
                body.end();
            }
            content.release();
        } else if (msg instanceof ByteBuf bytes) {
            if (raw != null) {
                raw.offer(bytes); // hijacked: raw stdin bytes
            } else {
                bytes.release();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.end();
        }
        if (raw != null) {
            raw.end();
        }
    }

    /** The client half-closed: no more input, but it still reads what we send (a hijacked stdin EOF). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            if (raw != null) {
                raw.end();
            } else if (body != null) {
                body.end();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "connection error: " + cause);
        ctx.close();
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest request, BodyStream stream) {
        Exchange exchange = null;
        try {
            String rawPath = new QueryStringDecoder(request.uri()).rawPath();
            ApiVersions.Split split;
            try {
                split = ApiVersions.split(rawPath);
            } catch (BerthException e) {
                split = new ApiVersions.Split(ApiVersions.CURRENT, rawPath);
                exchange = new Exchange(ctx.channel(), request, stream, split.path(), split.version(), () -> startRaw(ctx));
                throw e;
            }
            exchange = new Exchange(ctx.channel(), request, stream, split.path(), split.version(), () -> startRaw(ctx));
            Router.Match match = router.match(request.method().name(), split.path());
            exchange.pathParams(match.params());
            match.handler().handle(exchange);
        } catch (BerthException e) {
            if (exchange != null && !exchange.answered()) {
                discardRest(stream);
                ErrorMapper.respond(exchange, e);
            } else {
                LOG.log(Level.WARNING, "error after the answer started: " + e.getMessage());
            }
        } catch (ClientGoneException e) {
            LOG.log(Level.DEBUG, "client went away: " + e.getMessage());
        } catch (Exception | Error e) {
            // Errors too (a class missing from a jar replaced under a running daemon, a stack overflow): the
            // client gets a 500 or a closed connection, never a request that hangs.
            LOG.log(Level.ERROR, "handler failed for " + request.method() + " " + request.uri(), e);
            if (exchange != null && !exchange.answered()) {
                ErrorMapper.respond(exchange, BerthException.internal(e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            } else {
                ctx.close();
            }
        } finally {
            stream.close();
        }
    }

    /**
     * Reads what is left of a rejected request's body, so the client, still sending, gets to read the error
     * instead of a connection reset. Bounded: a client that sends more than this is cut off.
     */
    private static void discardRest(BodyStream stream) {
        byte[] sink = new byte[64 * 1024];
        long left = 8L << 30;
        try {
            for (int n; left > 0 && (n = stream.read(sink)) > 0; ) {
                left -= n;
            }
        } catch (java.io.IOException e) {
            LOG.log(Level.DEBUG, "client stopped sending: " + e.getMessage());
        }
    }

    private BodyStream startRaw(ChannelHandlerContext ctx) {
        raw = new BodyStream(on -> ctx.channel().config().setAutoRead(on));
        return raw;
    }
}
