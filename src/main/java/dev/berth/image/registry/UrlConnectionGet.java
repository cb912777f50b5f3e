package dev.berth.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;

/**
 * A GET over {@link HttpURLConnection}, answered in {@link HttpResponse}'s shape so the auth flow and the error
 * handling read it as they read HttpClient's answers. HttpURLConnection reads the socket straight into the
 * reader's array; HttpClient moves a body through 16 KiB buffers, each with a selector wake-up, which cost a
 * 128 MiB pull about 100 ms of CPU more (bench/registry). Redirects are not followed, and a read that waits
 * longer than the read timeout fails, so a stalled download is resumed instead of hanging.
 */
record UrlConnectionGet(HttpURLConnection connection, URI uri, int statusCode, HttpHeaders headers, InputStream body)
        implements HttpResponse<InputStream> {

    /** GETs {@code uri} with {@code headers}; any status is an answer, a broken connection an IOException. */
    static UrlConnectionGet send(URI uri, Map<String, String> headers, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) readTimeout.toMillis());
        connection.setRequestProperty("Accept", "*/*"); // instead of HttpURLConnection's list of web formats
        headers.forEach(connection::setRequestProperty);
        int status = connection.getResponseCode();
        if (status < 0) {
            throw new IOException("the answer from " + uri.getAuthority() + " is not HTTP");
        }
        Map<String, List<String>> fields = new HashMap<>(connection.getHeaderFields());
        fields.remove(null); // the status line
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new UrlConnectionGet(connection, uri, status, HttpHeaders.of(fields, (name, value) -> true),
                body == null ? InputStream.nullInputStream() : body);
    }

    @Override
    public HttpRequest request() {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    @Override
    public Optional<HttpResponse<InputStream>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return connection instanceof HttpsURLConnection https ? https.getSSLSession() : Optional.empty();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}
