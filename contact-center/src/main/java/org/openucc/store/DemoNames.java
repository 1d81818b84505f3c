package org.openucc.store;

import java.util.SplittableRandom;

/** Word lists the demo data draws names and places from. */
final class DemoNames {
    static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jan", "Klara",
        "Lukas", "Mia", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Samuel", "Tina", "Uwe", "Vera", "Wei", "Yara", "Zoe",
        "Ahmet", "Fatima", "Sofia", "Mateo", "Aiko", "Priya", "Lars", "Ingrid", "Marco", "Elena", "Omar", "Leila"};
    static final String[] LAST = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann",
        "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Yilmaz", "Nowak", "Rossi", "García",
        "Kowalski", "Nguyen", "Jansen", "Petersen", "O'Brien", "Dubois", "Andersson", "Costa"};
    static final String[] BUSINESS = {"Logistik", "Maschinenbau", "Elektro", "Bau", "Software", "Consulting", "Handel",
        "Medien", "Energie", "Reisen", "Versicherungen", "Immobilien", "Druck", "Transport", "Möbel", "Optik", "Pharma",
        "Textil", "Catering", "Automobile"};
    static final String[] LEGAL = {"GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "OHG"};
    static final String[] INDUSTRY = {"Logistics", "Manufacturing", "Electronics", "Construction", "Software", "Consulting",
        "Retail", "Media", "Energy", "Travel", "Insurance", "Real estate", "Printing", "Transport", "Furniture",
        "Healthcare", "Pharma", "Textiles", "Hospitality", "Automotive"};
    static final String[][] CITIES = {{"Berlin", "10115", "30"}, {"Hamburg", "20095", "40"}, {"München", "80331", "89"},
        {"Köln", "50667", "221"}, {"Frankfurt am Main", "60311", "69"}, {"Stuttgart", "70173", "711"},
        {"Düsseldorf", "40213", "211"}, {"Leipzig", "04109", "341"}, {"Dresden", "01067", "351"},
        {"Hannover", "30159", "511"}, {"Nürnberg", "90402", "911"}, {"Bremen", "28195", "421"}};
    static final String[] STREETS = {"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Goethestraße",
        "Lindenallee", "Marktplatz", "Industriestraße", "Am Hafen", "Ringstraße"};
    static final String[] TITLES = {"CEO", "Purchasing", "Accounts payable", "Office manager", "IT lead", "Logistics"};
    static final String[] TAGS = {"newsletter", "reseller", "key-account", "late-payer", "eco", "enterprise", "startup"};
    static final String[] CASE_SUBJECTS = {"Invoice question", "Delivery delayed", "Change of address", "Contract renewal",
        "Product defect", "Password reset", "Cancel subscription", "Upgrade request", "Billing error", "Missing parts"};
    static final String[] NOTES = {"Prefers email over phone.", "Asked for a callback next week.",
        "Happy with the last delivery.", "Complained about waiting time.", "Interested in the premium plan.",
        "Pays by invoice, 30 days.", "Speaks English and German."};
    static final String[] DISPOSITIONS = {"resolved", "resolved", "resolved", "follow-up", "sale", "escalated", "info"};
    static final String[] QUEUES = {"support", "support", "sales", "billing"};

    private DemoNames() {
    }

    static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }
}
