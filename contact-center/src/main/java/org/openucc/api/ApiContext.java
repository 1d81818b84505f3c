package org.openucc.api;

import java.time.InstantSource;
import java.util.function.Supplier;
import org.openucc.auth.Authenticator;
import org.openucc.channels.WebChannelsComponent;
import org.openucc.config.ContactCenterConfig;
import org.openucc.cti.CtiComponent;
import org.openucc.limits.Rejections;
import org.openucc.routing.RoutingPort;
import org.openucc.store.StoreServices;

/**
 * What the REST resources work with. The store and the CTI bridge are only there once their
 * components started, so they are reached when a request comes, not when routes are mounted.
 *
 * @param rejections the server's count of what its limits refused
 */
public record ApiContext(ContactCenterConfig config, Authenticator auth, RoutingPort routing,
                         Supplier<StoreServices> store, CtiComponent cti, InstantSource clock,
                         WebChannelsComponent channels, Rejections rejections) {
    /** Without the web channels (their routes answer 503) and with a counter of its own. */
    public ApiContext(ContactCenterConfig config, Authenticator auth, RoutingPort routing,
                      Supplier<StoreServices> store, CtiComponent cti, InstantSource clock) {
        this(config, auth, routing, store, cti, clock, null, new Rejections());
    }
}
