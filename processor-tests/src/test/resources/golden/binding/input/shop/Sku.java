package shop;

public final class Sku {
    private final String code;

    private Sku(String code) {
        this.code = code;
    }

    public static Sku of(String code) {
        if (!code.matches("[A-Z]{3}-[0-9]{4}")) throw new IllegalArgumentException("not a sku: " + code);
        return new Sku(code);
    }

    public String code() {
        return code;
    }
}
