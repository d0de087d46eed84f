"""The currency codes a portal's invoices can use: ISO 4217, the ones in use since 2000 (withdrawn ones
included, so that old invoices in, say, HRK stay reachable), and the codes for metals and funds (X..).

The portal's own currency list is another endpoint; this table is the check made before any request, so that
a word such as ``"euro"`` is refused instead of silently matching nothing.
"""

from __future__ import annotations

__all__ = ["ISO_4217_CODES", "is_currency_code"]

_CODES = """
ADP AED AFA AFN ALL AMD ANG AOA AON AOR ARS ATS AUD AWG AZM AZN BAM BBD BDT BEF BGN BHD BIF BMD BND
BOB BOV BRL BSD BTN BWP BYB BYN BYR BZD CAD CDF CHE CHF CHW CLF CLP CNH CNY COP COU CRC CSD CUC CUP
CVE CYP CZK DEM DJF DKK DOP DZD ECS ECV EEK EGP ERN ESP ETB EUR FIM FJD FKP FRF GBP GEL GHC GHS GIP
GMD GNF GRD GTQ GYD HKD HNL HRK HTG HUF IDR IEP ILS INR IQD IRR ISK ITL JMD JOD JPY KES KGS KHR KMF
KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LTL LUF LVL LYD MAD MCF MDL MGA MGF MKD MMK MNT MOP MRO MRU
MTL MUR MVR MWK MXN MXV MYR MZM MZN NAD NGN NIO NLG NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PTE PYG
QAR ROL RON RSD RUB RWF SAR SBD SCR SDD SDG SEK SGD SHP SIT SKK SLE SLL SOS SRD SRG SSP STD STN SVC
SYP SZL THB TJR TJS TMM TMT TND TOP TPE TRL TRY TTD TWD TZS UAH UGX USD USN USS UYI UYU UYW UZS VEB
VED VEF VES VND VUV WST XAD XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XFO XFU XOF XPD XPF XPT XSU XTS
XUA XXX YER YUM ZAR ZMK ZMW ZWD ZWG ZWL ZWR
"""
ISO_4217_CODES: frozenset[str] = frozenset(_CODES.split())


def is_currency_code(code: str) -> bool:
    """Whether ``code`` (upper case) is an ISO 4217 currency code in use since 2000."""
    return code in ISO_4217_CODES
