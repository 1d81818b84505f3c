package org.openucc.ivr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.ivr.runtime.HttpFetcher;

/** A back office that answers what the test says (the JDK client adapter has its own test on a real server). */
final class FakeHttp implements HttpFetcher {
    final List<Request> requests = new ArrayList<>();
    Reply reply = new Reply(404, Map.of());
    RuntimeException failure;

    @Override
    public synchronized CompletionStage<Reply> fetch(Request request) {
        requests.add(request);
        return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(reply);
    }
}
