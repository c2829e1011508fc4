package app.warmline.kit.platform

/** Which server this phone syncs with, and its device token (a secret). */
data class Credentials(
    val server: String,
    val token: String,
) {
    override fun toString() = "Credentials(server=$server, token=…)"
}

/** Where the device token is kept. Android: encrypted with a key in the Android Keystore. */
interface TokenVault {
    fun load(): Credentials?

    fun save(credentials: Credentials)

    fun clear()
}
