package dev.berth.api.http;

import dev.berth.common.BerthException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The HTTP server on a unix socket (mode 0660, as dockerd's). Netty parses HTTP; each request's handler runs
 * on a virtual thread (see {@link HttpConnection}).
 */
public final class ApiServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final Path socket;

    private ApiServer(EventLoopGroup group, Channel channel, Path socket) {
        this.group = group;
        this.channel = channel;
        this.socket = socket;
    }

    public static ApiServer start(Path socket, Router router) {
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
            Files.deleteIfExists(socket);
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerDomainSocketChannel.class)
                    // Attach clients half-close after stdin EOF and still read output: keep the other half open.
                    .childOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel c) {
                            c.pipeline().addLast("codec", new HttpServerCodec());
                            c.pipeline().addLast("berth", new HttpConnection(router));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toString()))
                    .sync()
                    .channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            return new ApiServer(group, ch, socket);
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw BerthException.internal("cannot listen on unix://" + socket + ": " + e.getMessage(), e);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // The socket file is rewritten at the next start anyway.
        }
    }
}
