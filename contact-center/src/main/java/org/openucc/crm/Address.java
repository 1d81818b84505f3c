package org.openucc.crm;

/** A postal address; every part is optional. */
public record Address(String street, String postalCode, String city, String region, String country) {
    public static final Address NONE = new Address(null, null, null, null, null);

    public Address {
        street = Text.trimToNull(street);
        postalCode = Text.trimToNull(postalCode);
        city = Text.trimToNull(city);
        region = Text.trimToNull(region);
        country = Text.trimToNull(country);
    }
}
