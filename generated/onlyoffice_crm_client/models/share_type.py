from enum import IntEnum


class ShareType(IntEnum):
    NONE = 0
    READ_WRITE = 1
    READ = 2

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ShareType | None":
        """Keep an integer this client does not know as a pseudo-member named ``UNKNOWN_<value>``."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member
