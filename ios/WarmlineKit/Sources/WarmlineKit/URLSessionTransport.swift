import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import WarmlineCore

/// The core's HTTP transport on `URLSession`, so TLS, proxies and certificates stay the
/// platform's. The core calls it on a background thread and waits for the answer; it only
/// carries bytes, and what they mean is decided in the core.
public final class URLSessionTransport: HttpTransport, @unchecked Sendable {
    private let session: URLSession

    public init(session: URLSession = .shared) {
        self.session = session
    }

    public func send(request: HttpRequest) throws -> HttpResponse {
        guard let url = URL(string: request.url) else {
            throw TransportError.Failed(detail: "\(request.url) is not a URL")
        }
        var urlRequest = URLRequest(url: url, timeoutInterval: 40)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty {
            urlRequest.httpBody = request.body
        }
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        session.dataTask(with: urlRequest) { data, response, error in
            if let error {
                box.result = .failure(TransportError.Failed(detail: "\(request.method) \(request.url): \(error.localizedDescription)"))
            } else if let http = response as? HTTPURLResponse {
                let headers = http.allHeaderFields.map { HttpHeader(name: "\($0.key)", value: "\($0.value)") }
                box.result = .success(HttpResponse(status: UInt16(http.statusCode), headers: headers, body: data ?? Data()))
            } else {
                box.result = .failure(TransportError.Failed(detail: "\(request.url): not an HTTP response"))
            }
            done.signal()
        }.resume()
        done.wait()
        return try box.result!.get()
    }
}

private final class ResultBox: @unchecked Sendable {
    var result: Result<HttpResponse, Error>?
}
