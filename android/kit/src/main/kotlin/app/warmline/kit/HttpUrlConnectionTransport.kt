package app.warmline.kit

import app.warmline.core.HttpHeader
import app.warmline.core.HttpRequest
import app.warmline.core.HttpResponse
import app.warmline.core.HttpTransport
import app.warmline.core.TransportException
import java.io.IOException
import java.net.HttpURLConnection
import java.net.URI

/**
 * The core's HTTP transport on the JDK's and Android's `HttpURLConnection`, so TLS,
 * proxies and certificates stay the platform's. It only carries bytes: what to send and
 * what the answer means is decided in the core.
 */
class HttpUrlConnectionTransport(
    private val connectTimeoutMillis: Int = 15_000,
    private val readTimeoutMillis: Int = 40_000,
) : HttpTransport {
    override fun send(request: HttpRequest): HttpResponse {
        try {
            val connection = URI(request.url).toURL().openConnection() as HttpURLConnection
            try {
                connection.requestMethod = request.method
                connection.connectTimeout = connectTimeoutMillis
                connection.readTimeout = readTimeoutMillis
                request.headers.forEach { connection.setRequestProperty(it.name, it.value) }
                if (request.body.isNotEmpty()) {
                    connection.doOutput = true
                    connection.outputStream.use { it.write(request.body) }
                }
                val status = connection.responseCode
                val stream = if (status >= 400) connection.errorStream else connection.inputStream
                val body = stream?.use { it.readBytes() } ?: ByteArray(0)
                // The status line comes under a null name; the rest are real headers.
                val headers = connection.headerFields.entries
                    .filter { it.key != null }
                    .flatMap { (name, values) -> values.map { HttpHeader(name, it) } }
                return HttpResponse(status.toUShort(), headers, body)
            } finally {
                connection.disconnect()
            }
        } catch (e: IOException) {
            throw TransportException.Failed("${request.method} ${request.url}: ${e.message}")
        }
    }
}
