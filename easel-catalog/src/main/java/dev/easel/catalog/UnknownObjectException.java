package dev.easel.catalog;

/** Thrown when a request names a catalog object, or a version of one, that the catalog does not hold. */
public final class UnknownObjectException extends CatalogException {

    private final ObjectKind kind;
    private final String id;

    public UnknownObjectException(ObjectKind kind, String id, String message) {
        super(message);
        this.kind = kind;
        this.id = id;
    }

    /** Returns the kind of object that was requested. */
    public ObjectKind kind() {
        return kind;
    }

    /** Returns the requested id, with {@code @version} where a version was named. */
    public String id() {
        return id;
    }
}
