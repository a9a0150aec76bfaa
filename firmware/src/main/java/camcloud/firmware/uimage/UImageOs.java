package camcloud.firmware.uimage;

import java.util.Optional;

/** Operating system byte of a legacy uImage ({@code IH_OS_*} in U-Boot's {@code include/image.h}). */
public enum UImageOs implements UImageField {
    INVALID(0, "invalid"),
    OPENBSD(1, "openbsd"),
    NETBSD(2, "netbsd"),
    FREEBSD(3, "freebsd"),
    BSD4_4(4, "4_4bsd"),
    LINUX(5, "linux"),
    SVR4(6, "svr4"),
    ESIX(7, "esix"),
    SOLARIS(8, "solaris"),
    IRIX(9, "irix"),
    SCO(10, "sco"),
    DELL(11, "dell"),
    NCR(12, "ncr"),
    LYNXOS(13, "lynxos"),
    VXWORKS(14, "vxworks"),
    PSOS(15, "psos"),
    QNX(16, "qnx"),
    U_BOOT(17, "u-boot"),
    RTEMS(18, "rtems"),
    ARTOS(19, "artos"),
    UNITY(20, "unity"),
    INTEGRITY(21, "integrity"),
    OSE(22, "ose"),
    PLAN9(23, "plan9"),
    OPENRTOS(24, "openrtos"),
    ARM_TRUSTED_FIRMWARE(25, "arm-trusted-firmware"),
    TEE(26, "tee"),
    OPENSBI(27, "opensbi"),
    EFI(28, "efi");

    private final int code;
    private final String mkimageName;

    UImageOs(int code, String mkimageName) {
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
    public static Optional<UImageOs> fromCode(int code) {
        return UImageField.byCode(UImageOs.class, code);
    }
}
