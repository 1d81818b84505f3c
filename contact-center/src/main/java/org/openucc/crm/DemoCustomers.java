package org.openucc.crm;

import java.util.List;
import org.openucc.interaction.Tier;

/**
 * The well-known customers the demo data always contains, for the README, IVR flows and UI tests.
 * Everything else the generator makes is derived from {@link #SEED}, so two stores generated from
 * the same seed hold the same customers. Emails use the reserved {@code .example} domain.
 */
public final class DemoCustomers {
    /** The seed of the generated customers. */
    public static final long SEED = 20_240_601L;

    /**
     * One well-known demo customer with its one contact.
     *
     * @param pin the IVR PIN in clear (stored hashed), null if none
     */
    public record Demo(String customerId, String name, Tier tier, String accountNumber, String pin, String industry,
                       String city, String contactId, String contactName, String phone, String email,
                       String chatIdentity) {
    }

    /** VIP with an open high-priority case and history; caller number +4930123456, account 100001, PIN 1234. */
    public static final Demo VIP = new Demo("cus_demo_100001", "Vogel Logistik GmbH", Tier.VIP, "100001", "1234",
            "Logistics", "Berlin", "con_demo_100001_1", "Hannah Vogel", "+4930123456",
            "hannah.vogel@vogel-logistik.example", "hannah.vogel");

    /** A-tier business customer in Munich; account 100002, PIN 2345. */
    public static final Demo A_TIER = new Demo("cus_demo_100002", "Berger Maschinenbau AG", Tier.A, "100002", "2345",
            "Manufacturing", "München", "con_demo_100002_1", "Jonas Berger", "+498912345678",
            "jonas.berger@berger-maschinenbau.example", "jonas.berger");

    /** B-tier customer with a UK number; account 100003, no PIN. */
    public static final Demo B_TIER = new Demo("cus_demo_100003", "Chen Trading Ltd", Tier.B, "100003", null,
            "Wholesale", "London", "con_demo_100003_1", "Li Chen", "+442079460123", "li.chen@chen-trading.example",
            "li.chen");

    /** C-tier private customer with a German mobile number; account 100004, PIN 4321. */
    public static final Demo C_TIER = new Demo("cus_demo_100004", "Anna Schmidt", Tier.C, "100004", "4321", null,
            "Hamburg", "con_demo_100004_1", "Anna Schmidt", "+4917612345678", "anna.schmidt@mail.example", null);

    /** A-tier customer with a US number (for stores configured with phone region US); account 100005. */
    public static final Demo US_CUSTOMER = new Demo("cus_demo_100005", "Miller & Sons Inc.", Tier.A, "100005", "5555",
            "Retail", "New York", "con_demo_100005_1", "Bob Miller", "+12125550123", "bob.miller@millerandsons.example",
            "bob.miller");

    public static final List<Demo> ALL = List.of(VIP, A_TIER, B_TIER, C_TIER, US_CUSTOMER);

    /** The open case the VIP always has. */
    public static final String VIP_OPEN_CASE_SUBJECT = "Refund for delayed shipment";

    /** How many past interactions the VIP always has in the log. */
    public static final int VIP_INTERACTIONS = 3;

    private DemoCustomers() {
    }
}
