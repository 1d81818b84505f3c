package org.openucc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which databases get the log's journal: an embedded H2 in a file, and nothing else. */
class H2FileTest {
    @Test
    void anEmbeddedH2FileIsFoundInItsUrlAndEveryOtherDatabaseHasNone() {
        assertThat(Database.h2File("jdbc:h2:file:/var/lib/openucc/openucc;DB_CLOSE_ON_EXIT=FALSE"))
                .contains(Path.of("/var/lib/openucc/openucc"));
        assertThat(Database.h2File("jdbc:h2:/data/x")).contains(Path.of("/data/x"));
        assertThat(Database.h2File("jdbc:h2:~/db")).contains(Path.of(System.getProperty("user.home"), "db"));
        assertThat(Database.h2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(Database.h2File("jdbc:h2:tcp://localhost/~/test")).isEmpty();
        assertThat(Database.h2File("jdbc:postgresql://127.0.0.1/openucc")).isEmpty();
        assertThat(Database.h2File(null)).isEmpty();
    }
}
