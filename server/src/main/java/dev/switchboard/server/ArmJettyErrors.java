package dev.switchboard.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty raises before a request reaches the router (a path it cannot decode, say) answered in ARM's
 * envelope too, so a client never has to parse an HTML error page.
 */
final class ArmJettyErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        String code = status == 400 ? "InvalidRequest" : status == 404 ? "NotFound" : "HttpError" + status;
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"The request could not be processed: its URI or"
                + " headers are malformed (HTTP " + status + ").\",\"details\":[]}}";
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
