package app.warmline.kit.platform

/**
 * The phone's dialer. Android: `ACTION_CALL` when the rep granted `CALL_PHONE`, else
 * `ACTION_DIAL`, which shows the number for the rep to press call.
 */
interface Dialer {
    /** Starts a call to [number] (E.164, as the core gave it) and says which way it went. */
    fun call(number: String): DialerUsed
}

enum class DialerUsed {
    /** The call was placed directly (`ACTION_CALL`). */
    CALLED,

    /** The dialer is up with the number; the rep still has to press call (`ACTION_DIAL`). */
    DIALER_SHOWN,

    /** Nothing on this device places calls (a tablet without telephony): no call was made. */
    NO_DIALER,
}
