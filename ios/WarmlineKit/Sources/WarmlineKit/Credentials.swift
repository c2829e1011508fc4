import Foundation

/// What this phone needs to sync: its server and device token. The token is a secret:
/// it lives only in the key store (the Keychain on iPhone) and never in a log; printing
/// these credentials shows the server and hides the token.
public struct Credentials: Codable, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let server: String
    public let token: String

    public init(server: String, token: String) {
        self.server = server
        self.token = token
    }

    public var description: String { "Credentials(server: \(server), token: <redacted>)" }
    public var debugDescription: String { description }
}

/// The phone's credentials in a `KeyStore`, under one key.
public struct CredentialStore: Sendable {
    static let key = "device-credentials"
    private let keys: KeyStore

    public init(keys: KeyStore) {
        self.keys = keys
    }

    public func load() throws -> Credentials? {
        try keys.read(Self.key).map { try JSONDecoder().decode(Credentials.self, from: $0) }
    }

    public func save(_ credentials: Credentials) throws {
        try keys.write(try JSONEncoder().encode(credentials), for: Self.key)
    }

    public func delete() throws {
        try keys.delete(Self.key)
    }
}
