package app.warmline.android.platform

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import androidx.core.content.edit
import app.warmline.kit.platform.Credentials
import app.warmline.kit.platform.TokenVault
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The device token encrypted with AES-GCM under a key that never leaves the Android Keystore
 * (`KeyGenParameterSpec`, API 23). The ciphertext and the server's address live in private
 * preferences, excluded from backups; a token whose key is gone reads as no token (enrol again).
 */
class KeystoreTokenVault(
    context: Context,
) : TokenVault {
    private val prefs = context.getSharedPreferences("vault", Context.MODE_PRIVATE)

    override fun load(): Credentials? {
        val server = prefs.getString(SERVER, null) ?: return null
        val sealed = prefs.getString(TOKEN, null) ?: return null
        val iv = prefs.getString(IV, null) ?: return null
        return try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, decode(iv)))
            Credentials(server, String(cipher.doFinal(decode(sealed)), Charsets.UTF_8))
        } catch (lost: GeneralSecurityException) {
            null
        }
    }

    override fun save(credentials: Credentials) {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, key())
        val sealed = cipher.doFinal(credentials.token.toByteArray(Charsets.UTF_8))
        prefs.edit(commit = true) {
            putString(SERVER, credentials.server)
            putString(TOKEN, encode(sealed))
            putString(IV, encode(cipher.iv))
        }
    }

    override fun clear() {
        prefs.edit(commit = true) { clear() }
        KeyStore.getInstance(KEYSTORE).apply { load(null) }.deleteEntry(ALIAS)
    }

    private fun key(): SecretKey {
        val store = KeyStore.getInstance(KEYSTORE).apply { load(null) }
        (store.getKey(ALIAS, null) as SecretKey?)?.let { return it }
        val spec =
            KeyGenParameterSpec
                .Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(KEY_BITS)
                .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE).apply { init(spec) }.generateKey()
    }

    private fun encode(bytes: ByteArray) = Base64.encodeToString(bytes, Base64.NO_WRAP)

    private fun decode(text: String) = Base64.decode(text, Base64.NO_WRAP)

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val ALIAS = "warmline.device-token"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val KEY_BITS = 256
        const val TAG_BITS = 128
        const val SERVER = "server"
        const val TOKEN = "token"
        const val IV = "iv"
    }
}
