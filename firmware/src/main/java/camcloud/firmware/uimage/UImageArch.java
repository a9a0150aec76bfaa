package camcloud.firmware.uimage;

import java.util.Optional;

/** CPU architecture byte of a legacy uImage ({@code IH_ARCH_*}). */
public enum UImageArch implements UImageField {
    INVALID(0, "invalid"),
    ALPHA(1, "alpha"),
    ARM(2, "arm"),
    I386(3, "x86"),
    IA64(4, "ia64"),
    MIPS(5, "mips"),
    MIPS64(6, "mips64"),
    PPC(7, "powerpc"),
    S390(8, "s390"),
    SH(9, "sh"),
    SPARC(10, "sparc"),
    SPARC64(11, "sparc64"),
    M68K(12, "m68k"),
    NIOS(13, "nios"),
    MICROBLAZE(14, "microblaze"),
    NIOS2(15, "nios2"),
    BLACKFIN(16, "blackfin"),
    AVR32(17, "avr32"),
    ST200(18, "st200"),
    SANDBOX(19, "sandbox"),
    NDS32(20, "nds32"),
    OPENRISC(21, "or1k"),
    ARM64(22, "arm64"),
    ARC(23, "arc"),
    X86_64(24, "x86_64"),
    XTENSA(25, "xtensa"),
    RISCV(26, "riscv");

    private final int code;
    private final String mkimageName;

    UImageArch(int code, String mkimageName) {
        this.code = code;
        this.mkimageName = mkimageName;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String mkimageName() {
        return mkimageName;
    }

    /** The value stored as {@code code}, if it is one we know. */
    public static Optional<UImageArch> fromCode(int code) {
        return UImageField.byCode(UImageArch.class, code);
    }
}
