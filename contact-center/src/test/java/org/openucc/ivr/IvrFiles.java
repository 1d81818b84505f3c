package org.openucc.ivr;

import java.nio.file.Path;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.loader.ConfigException;
import org.openucc.config.loader.ConfigLoader;

/** The shipped flows, prompts and demo configuration, as the tests find them. */
final class IvrFiles {
    /** Surefire runs in the module directory; ivr-scripts/ and config/ sit at the repository root. */
    static final Path FLOWS = Path.of("..", "ivr-scripts", "flows");
    static final Path PROMPTS = Path.of("..", "ivr-scripts", "prompts");
    static final ContactCenterConfig DEMO = demo();

    private IvrFiles() {
    }

    private static ContactCenterConfig demo() {
        try {
            return new ConfigLoader().load(Path.of("..", "config", "contact-center.yaml"));
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
