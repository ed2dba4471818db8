"""A minimal MaxMind DB (format 2.0) writer for tests: country records for a few networks.

Spec: https://maxmind.github.io/MaxMind-DB/ — a binary search tree over the address bits
(24-bit records), a 16-byte zero separator, the data section, then the metadata marker and
map. Only what the geo filter reads is written: {"country": {"iso_code": "XX"}}.
"""
import ipaddress
import struct

METADATA_MARKER = b"\xab\xcd\xefMaxMind.com"


def _ctrl(type_num, size):
    """Control byte(s) for a field of `type_num` with payload `size`."""
    out = bytearray()
    if size < 29:
        first, extra = size, b""
    elif size < 29 + 256:
        first, extra = 29, bytes([size - 29])
    elif size < 285 + 65536:
        first, extra = 30, struct.pack(">H", size - 285)
    else:
        first, extra = 31, struct.pack(">I", size - 65821)[1:]
    if type_num <= 7:
        out.append((type_num << 5) | first)
    else:  # extended type
        out.append(first)
        out.append(type_num - 7)
    out += extra
    return bytes(out)


class U16(int):
    pass


class U32(int):
    pass


class U64(int):
    pass


def _uint(type_num, value):
    b = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return _ctrl(type_num, len(b)) + b


def encode(value):
    if isinstance(value, U16):
        return _uint(5, value)
    if isinstance(value, U32):
        return _uint(6, value)
    if isinstance(value, U64):
        return _uint(9, value)
    if isinstance(value, str):
        b = value.encode("utf-8")
        return _ctrl(2, len(b)) + b
    if isinstance(value, bool):
        return _ctrl(14, 1 if value else 0)
    if isinstance(value, int):
        if value < 0:
            raise ValueError("negative ints not supported")
        b = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
        if value < 1 << 16:
            return _ctrl(5, len(b)) + b
        if value < 1 << 32:
            return _ctrl(6, len(b)) + b
        return _ctrl(9, len(b)) + b
    if isinstance(value, dict):
        out = _ctrl(7, len(value))
        for k, v in value.items():
            out += encode(str(k)) + encode(v)
        return out
    if isinstance(value, list):
        out = _ctrl(11, len(value))
        for v in value:
            out += encode(v)
        return out
    raise TypeError(type(value))


class _Node:
    __slots__ = ("children",)

    def __init__(self):
        self.children = [None, None]  # None | _Node | ("data", offset)


def write_country_db(path, networks):
    """networks: list of (cidr, iso_code). IPv4 networks are placed under ::/96."""
    data = bytearray()
    offsets = {}
    for _, code in networks:
        if code not in offsets:
            offsets[code] = len(data)
            data += encode({"country": {"iso_code": code}})

    root = _Node()
    for cidr, code in networks:
        net = ipaddress.ip_network(cidr)
        if net.version == 4:
            bits = format(int(net.network_address), "032b")[: net.prefixlen]
            bits = "0" * 96 + bits
        else:
            bits = format(int(net.network_address), "0128b")[: net.prefixlen]
        node = root
        for i, bit in enumerate(bits):
            b = int(bit)
            if i == len(bits) - 1:
                node.children[b] = ("data", offsets[code])
            else:
                if node.children[b] is None:
                    node.children[b] = _Node()
                elif isinstance(node.children[b], tuple):
                    raise ValueError("overlapping networks are not supported")
                node = node.children[b]

    # number the nodes breadth-first (root = 0)
    order, index = [root], {id(root): 0}
    i = 0
    while i < len(order):
        for c in order[i].children:
            if isinstance(c, _Node):
                index[id(c)] = len(order)
                order.append(c)
        i += 1
    node_count = len(order)

    def record(c):
        if c is None:
            return node_count  # "no data"
        if isinstance(c, tuple):
            return node_count + 16 + c[1]
        return index[id(c)]

    tree = bytearray()
    for n in order:
        left, right = record(n.children[0]), record(n.children[1])
        tree += left.to_bytes(3, "big") + right.to_bytes(3, "big")

    metadata = {
        "binary_format_major_version": U16(2),
        "binary_format_minor_version": U16(0),
        "build_epoch": U64(1700000000),
        "database_type": "EduAutismo-Test-Country",
        "description": {"en": "Test country database"},
        "ip_version": U16(6),
        "languages": ["en"],
        "node_count": U32(node_count),
        "record_size": U16(24),
    }
    with open(path, "wb") as f:
        f.write(bytes(tree))
        f.write(b"\x00" * 16)
        f.write(bytes(data))
        f.write(METADATA_MARKER)
        f.write(encode(metadata))
