from enum import IntEnum


class InvoiceStatusId(IntEnum):
    DRAFT = 1
    SENT = 2
    REJECTED = 3
    PAID = 4
    ARCHIVED = 5

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "InvoiceStatusId | None":
        """Keep an integer this client does not know as a pseudo-member named ``UNKNOWN_<value>``."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member
