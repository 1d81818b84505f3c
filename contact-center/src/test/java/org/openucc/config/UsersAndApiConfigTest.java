package org.openucc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.config.loader.ConfigException;
import org.openucc.config.loader.ConfigLoader;

/** The users and api sections: the rules, reported with lines, and never echoing a password hash. */
class UsersAndApiConfigTest {
    private static final String HASH = "$2a$10$7iG.vLElz3xKoRTuqsP3NeRUCRnR4k9pW42yz0JliJZzJjpo1LVCi";

    @Test
    void usersNeedARoleAnAgentForAgentsOneUserPerAgentAndABcryptHash() {
        ContactCenterConfig config = new ContactCenterConfig(null, null, null, null,
                List.of(new AgentConfig("a1", null, null, null)), List.of(new ReasonCode("missed", "Missed")), null, null)
                .withUsers(List.of(new UserConfig("ann", Role.AGENT, "a1", HASH),
                        new UserConfig("ann", Role.SUPERVISOR, null, HASH),
                        new UserConfig("bea", Role.AGENT, null, HASH),
                        new UserConfig("cid", Role.AGENT, "a1", HASH),
                        new UserConfig("dan", Role.AGENT, "ghost", "plain-text-password"),
                        new UserConfig("eve", null, null, null)))
                .withApi(new ApiConfig(Duration.ZERO, null, 10, 0, 0, 0, null, null, null, null));

        assertThat(new ConfigValidator().validate(config)).extracting(ConfigViolation::toString).containsExactly(
                "/users/1/username: duplicate user username 'ann' (usernames must be unique)",
                "/users/2: user 'bea' has role AGENT but no agentId; name the agent (from agents) they are",
                "/users/3/agentId: user 'cid': agent 'a1' already belongs to user 'ann' (one user per agent)",
                "/users/4/agentId: user 'dan': agent 'ghost' is not declared in agents (declared: a1)",
                "/users/4/passwordHash: user 'dan': passwordHash is not a bcrypt hash ($2a$/$2b$/$2y$, cost 04..31,"
                        + " 60 characters); make one with: java -jar openucc.jar hash-password",
                "/users/5: user 'eve' has no role; give role: AGENT, SUPERVISOR or ADMIN",
                "/users/5: user 'eve' has no passwordHash; make one with: java -jar openucc.jar hash-password",
                "/api/sessionTimeout: sessionTimeout must be longer than 0",
                "/api/maxBodyBytes: maxBodyBytes must be 1024..67108864, not 10");
        assertThat(new UserConfig("dan", Role.AGENT, "a1", HASH).toString()).doesNotContain(HASH);
    }

    @Test
    void theLoaderKeepsTheStoreUsersAndApiSectionsAndReportsTheirLines() throws Exception {
        String yaml = """
                agents: [{id: a1}]
                reasonCodes: [{code: missed}]
                store: {demoCustomers: 7}
                api: {statsInterval: 2s, maxFailedLogins: 9}
                users:
                  - {username: ann, role: agent, agentId: a1, passwordHash: '%s'}
                """.formatted(HASH);
        ContactCenterConfig config = new ConfigLoader().parse("t.yaml", yaml);
        assertThat(config.store().demoCustomers()).isEqualTo(7);
        assertThat(config.api().statsInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.api().maxFailedLogins()).isEqualTo(9);
        assertThat(config.api().maxBodyBytes()).isEqualTo(ApiConfig.DEFAULTS.maxBodyBytes());
        assertThat(config.users()).containsExactly(new UserConfig("ann", Role.AGENT, "a1", HASH));

        String broken = """
                agents: [{id: a1}]
                reasonCodes: [{code: missed}]
                users:
                  - {username: ann, role: boss, agentId: a1, passwordHash: 'hunter2'}
                """;
        try {
            new ConfigLoader().parse("t.yaml", broken);
            throw new AssertionError("accepted");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("t.yaml:4:").contains("'boss' is not a")
                    .contains("passwordHash is not a bcrypt hash").doesNotContain("hunter2");
        }
    }

    @Test
    void aUsersPhoneIsASipAccountOfNoAgentOrTheirOwnAndIsNobodyElses() throws Exception {
        String ha1 = "0123456789abcdef0123456789abcdef";
        String good = """
                agents: [{id: a1}, {id: a2}]
                reasonCodes: [{code: missed}]
                sip:
                  accounts:
                    - {agentId: a1, username: "2001", ha1: %1$s}
                    - {username: "2900", ha1: %1$s}
                users:
                  - {username: boss, role: SUPERVISOR, phone: "2900", passwordHash: '%2$s'}
                  - {username: ann, role: AGENT, agentId: a1, phone: "2001", passwordHash: '%2$s'}
                """.formatted(ha1, HASH);
        ContactCenterConfig config = new ConfigLoader().parse("t.yaml", good);
        assertThat(config.users()).extracting(UserConfig::phone).containsExactly("2900", "2001");
        assertThat(config.sip().accounts().get(1).agentId()).isNull();
        assertThat(config.asterisk().agentDevices(config.sip().accounts())).extracting(AsteriskConfig.Agent::agentId)
                .as("a user's own phone is no agent's device").containsExactly("a1");

        String broken = """
                agents: [{id: a1}, {id: a2}]
                reasonCodes: [{code: missed}]
                sip:
                  accounts:
                    - {agentId: a2, username: "2002", ha1: %1$s}
                    - {username: "2900", ha1: %1$s}
                    - {username: "2901", ha1: %1$s}
                users:
                  - {username: boss, role: SUPERVISOR, phone: "2900", passwordHash: '%2$s'}
                  - {username: deputy, role: SUPERVISOR, phone: "2900", passwordHash: '%2$s'}
                  - {username: ann, role: AGENT, agentId: a1, phone: "2002", passwordHash: '%2$s'}
                  - {username: cid, role: ADMIN, phone: "3000", passwordHash: '%2$s'}
                """.formatted(ha1, HASH);
        try {
            new ConfigLoader().parse("t.yaml", broken);
            throw new AssertionError("accepted");
        } catch (ConfigException e) {
            assertThat(e.getMessage())
                    .contains("t.yaml:7:7: SIP account '2901' has no agentId and no user names it as their phone")
                    .contains("t.yaml:10:")
                    .contains("user 'deputy': phone '2900' already belongs to user 'boss' (one user per phone)")
                    .contains("t.yaml:11:")
                    .contains("user 'ann': phone '2002' is agent 'a2''s phone")
                    .contains("t.yaml:12:")
                    .contains("user 'cid': phone '3000' is not a user name of sip.accounts");
        }
    }

    @Test
    void callbackNumberTypesAreConfigurableButNeverEmergency() throws Exception {
        String yaml = """
                agents: [{id: a1}]
                reasonCodes: [{code: missed}]
                queues: [{id: general, channels: [CALLBACK]}]
                channels:
                  callback: {enabled: true, queues: [general], numberTypes: [fixed_line, PREMIUM_RATE]}
                """;
        ContactCenterConfig config = new ConfigLoader().parse("t.yaml", yaml);
        assertThat(config.channels().callback().numberTypes())
                .containsExactly(PhoneNumberType.FIXED_LINE, PhoneNumberType.PREMIUM_RATE);
        assertThat(CallbackConfig.BUILT_IN.numberTypes()).containsExactlyElementsOf(CallbackConfig.DEFAULT_NUMBER_TYPES)
                .doesNotContain(PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SATELLITE, PhoneNumberType.EMERGENCY);

        String emergency = yaml.replace("[fixed_line, PREMIUM_RATE]", "[MOBILE, EMERGENCY]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfigLoader().parse("t.yaml", emergency))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml:5:").hasMessageContaining("EMERGENCY numbers are never called back");
    }
}
