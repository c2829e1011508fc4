package app.warmline.scenarios

/**
 * A small JSON reader for the shared scenario files: objects become maps, arrays lists,
 * numbers Long or Double. Test support only; the app never parses JSON itself.
 */
class Json private constructor(private val text: String) {
    private var at = 0

    companion object {
        fun parse(text: String): Any? = Json(text).run {
            val value = value()
            space()
            require(at == text.length) { "trailing characters at $at" }
            value
        }
    }

    private fun value(): Any? {
        space()
        return when (val c = text[at]) {
            '{' -> obj()
            '[' -> array()
            '"' -> string()
            't' -> literal("true", true)
            'f' -> literal("false", false)
            'n' -> literal("null", null)
            else -> if (c == '-' || c.isDigit()) number() else error("unexpected '$c' at $at")
        }
    }

    private fun obj(): Map<String, Any?> {
        val map = LinkedHashMap<String, Any?>()
        at++
        space()
        if (text[at] == '}') return map.also { at++ }
        while (true) {
            space()
            val key = string()
            space()
            expect(':')
            map[key] = value()
            space()
            if (text[at] == ',') at++ else return map.also { expect('}') }
        }
    }

    private fun array(): List<Any?> {
        val list = ArrayList<Any?>()
        at++
        space()
        if (text[at] == ']') return list.also { at++ }
        while (true) {
            list.add(value())
            space()
            if (text[at] == ',') at++ else return list.also { expect(']') }
        }
    }

    private fun string(): String {
        expect('"')
        val out = StringBuilder()
        while (text[at] != '"') {
            val c = text[at++]
            if (c != '\\') {
                out.append(c)
                continue
            }
            when (val e = text[at++]) {
                'n' -> out.append('\n')
                't' -> out.append('\t')
                'r' -> out.append('\r')
                'b' -> out.append('\b')
                'f' -> out.append('\u000C')
                'u' -> out.append(text.substring(at, at + 4).toInt(16).toChar()).also { at += 4 }
                else -> out.append(e)
            }
        }
        at++
        return out.toString()
    }

    private fun number(): Number {
        val start = at
        while (at < text.length && (text[at].isDigit() || text[at] in "+-.eE")) at++
        val s = text.substring(start, at)
        return s.toLongOrNull() ?: s.toDouble()
    }

    private fun literal(word: String, value: Any?): Any? {
        require(text.startsWith(word, at)) { "bad literal at $at" }
        at += word.length
        return value
    }

    private fun space() {
        while (at < text.length && text[at].isWhitespace()) at++
    }

    private fun expect(c: Char) {
        require(text[at] == c) { "expected '$c' at $at, found '${text[at]}'" }
        at++
    }
}
