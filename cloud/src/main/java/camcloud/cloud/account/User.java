package camcloud.cloud.account;

/** A person with an account. The password hash stays in {@link Users}; it never leaves the store. */
public record User(long id, String username, long createdAt) {
}
