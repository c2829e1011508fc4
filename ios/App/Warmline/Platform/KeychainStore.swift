import Foundation
import Security
import WarmlineKit

/// `KeyStore` on the Keychain: generic passwords of this app, readable after the first
/// unlock (background sync runs while the phone is locked) and never leaving this device
/// (no iCloud Keychain, no backup restore onto another phone).
struct KeychainStore: KeyStore {
    private let service = "app.warmline.device"

    func read(_ key: String) throws -> Data? {
        var query = base(key)
        query[kSecReturnData as String] = true
        query[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        guard status != errSecItemNotFound else { return nil }
        try check(status)
        return item as? Data
    }

    func write(_ data: Data, for key: String) throws {
        try delete(key)
        var query = base(key)
        query[kSecValueData as String] = data
        query[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        try check(SecItemAdd(query as CFDictionary, nil))
    }

    func delete(_ key: String) throws {
        let status = SecItemDelete(base(key) as CFDictionary)
        guard status != errSecItemNotFound else { return }
        try check(status)
    }

    private func base(_ key: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: key,
        ]
    }

    /// The status as an error; its message names the status, never the item.
    private func check(_ status: OSStatus) throws {
        guard status == errSecSuccess else {
            throw NSError(domain: NSOSStatusErrorDomain, code: Int(status))
        }
    }
}
