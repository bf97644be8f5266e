package dev.switchboard.providers.postgres;

import java.util.Arrays;

/**
 * The code points that were assigned in Unicode 3.2, the version stringprep (RFC 3454) and so SASLprep are
 * defined against: its table A.1 ("unassigned code points") is the complement of this set. PostgreSQL
 * refuses to SASLprep a password holding any A.1 code point and then hashes the raw bytes instead, so
 * {@link SaslPrep} must know the 3.2 repertoire, not the JDK's newer one.
 *
 * <p>Generated from the Unicode Character Database file {@code DerivedAge.txt} (Unicode 15.0, Debian
 * package {@code unicode-data}): every range whose age is 1.1 to 3.2, adjacent ranges merged.
 */
final class Unicode32 {
    private static final String RANGES =
            "0-220 222-233 250-2AD 2B0-2EE 300-34F 360-36F 374-375 37A 37E 384-38A 38C 38E-3A1 3A3-3CE "
            + "3D0-3F6 400-486 488-4CE 4D0-4F5 4F8-4F9 500-50F 531-556 559-55F 561-587 589-58A 591-5A1 5A3-5B9 "
            + "5BB-5C4 5D0-5EA 5F0-5F4 60C 61B 61F 621-63A 640-655 660-6ED 6F0-6FE 700-70D 70F-72C 730-74A "
            + "780-7B1 901-903 905-939 93C-94D 950-954 958-970 981-983 985-98C 98F-990 993-9A8 9AA-9B0 9B2 "
            + "9B6-9B9 9BC 9BE-9C4 9C7-9C8 9CB-9CD 9D7 9DC-9DD 9DF-9E3 9E6-9FA A02 A05-A0A A0F-A10 A13-A28 "
            + "A2A-A30 A32-A33 A35-A36 A38-A39 A3C A3E-A42 A47-A48 A4B-A4D A59-A5C A5E A66-A74 A81-A83 A85-A8B "
            + "A8D A8F-A91 A93-AA8 AAA-AB0 AB2-AB3 AB5-AB9 ABC-AC5 AC7-AC9 ACB-ACD AD0 AE0 AE6-AEF B01-B03 "
            + "B05-B0C B0F-B10 B13-B28 B2A-B30 B32-B33 B36-B39 B3C-B43 B47-B48 B4B-B4D B56-B57 B5C-B5D B5F-B61 "
            + "B66-B70 B82-B83 B85-B8A B8E-B90 B92-B95 B99-B9A B9C B9E-B9F BA3-BA4 BA8-BAA BAE-BB5 BB7-BB9 "
            + "BBE-BC2 BC6-BC8 BCA-BCD BD7 BE7-BF2 C01-C03 C05-C0C C0E-C10 C12-C28 C2A-C33 C35-C39 C3E-C44 "
            + "C46-C48 C4A-C4D C55-C56 C60-C61 C66-C6F C82-C83 C85-C8C C8E-C90 C92-CA8 CAA-CB3 CB5-CB9 CBE-CC4 "
            + "CC6-CC8 CCA-CCD CD5-CD6 CDE CE0-CE1 CE6-CEF D02-D03 D05-D0C D0E-D10 D12-D28 D2A-D39 D3E-D43 "
            + "D46-D48 D4A-D4D D57 D60-D61 D66-D6F D82-D83 D85-D96 D9A-DB1 DB3-DBB DBD DC0-DC6 DCA DCF-DD4 DD6 "
            + "DD8-DDF DF2-DF4 E01-E3A E3F-E5B E81-E82 E84 E87-E88 E8A E8D E94-E97 E99-E9F EA1-EA3 EA5 EA7 "
            + "EAA-EAB EAD-EB9 EBB-EBD EC0-EC4 EC6 EC8-ECD ED0-ED9 EDC-EDD F00-F47 F49-F6A F71-F8B F90-F97 "
            + "F99-FBC FBE-FCC FCF 1000-1021 1023-1027 1029-102A 102C-1032 1036-1039 1040-1059 10A0-10C5 "
            + "10D0-10F8 10FB 1100-1159 115F-11A2 11A8-11F9 1200-1206 1208-1246 1248 124A-124D 1250-1256 1258 "
            + "125A-125D 1260-1286 1288 128A-128D 1290-12AE 12B0 12B2-12B5 12B8-12BE 12C0 12C2-12C5 12C8-12CE "
            + "12D0-12D6 12D8-12EE 12F0-130E 1310 1312-1315 1318-131E 1320-1346 1348-135A 1361-137C 13A0-13F4 "
            + "1401-1676 1680-169C 16A0-16F0 1700-170C 170E-1714 1720-1736 1740-1753 1760-176C 176E-1770 "
            + "1772-1773 1780-17DC 17E0-17E9 1800-180E 1810-1819 1820-1877 1880-18A9 1E00-1E9B 1EA0-1EF9 "
            + "1F00-1F15 1F18-1F1D 1F20-1F45 1F48-1F4D 1F50-1F57 1F59 1F5B 1F5D 1F5F-1F7D 1F80-1FB4 1FB6-1FC4 "
            + "1FC6-1FD3 1FD6-1FDB 1FDD-1FEF 1FF2-1FF4 1FF6-1FFE 2000-2052 2057 205F-2063 206A-2071 2074-208E "
            + "20A0-20B1 20D0-20EA 2100-213A 213D-214B 2153-2183 2190-23CE 2400-2426 2440-244A 2460-24FE "
            + "2500-2613 2616-2617 2619-267D 2680-2689 2701-2704 2706-2709 270C-2727 2729-274B 274D 274F-2752 "
            + "2756 2758-275E 2761-2794 2798-27AF 27B1-27BE 27D0-27EB 27F0-2AFF 2E80-2E99 2E9B-2EF3 2F00-2FD5 "
            + "2FF0-2FFB 3000-303F 3041-3096 3099-30FF 3105-312C 3131-318E 3190-31B7 31F0-321C 3220-3243 "
            + "3251-327B 327F-32CB 32D0-32FE 3300-3376 337B-33DD 33E0-33FE 3400-4DB5 4E00-9FA5 A000-A48C "
            + "A490-A4C6 AC00-D7A3 D800-FA2D FA30-FA6A FB00-FB06 FB13-FB17 FB1D-FB36 FB38-FB3C FB3E FB40-FB41 "
            + "FB43-FB44 FB46-FBB1 FBD3-FD3F FD50-FD8F FD92-FDC7 FDD0-FDFC FE00-FE0F FE20-FE23 FE30-FE46 "
            + "FE49-FE52 FE54-FE66 FE68-FE6B FE70-FE74 FE76-FEFC FEFF FF01-FFBE FFC2-FFC7 FFCA-FFCF FFD2-FFD7 "
            + "FFDA-FFDC FFE0-FFE6 FFE8-FFEE FFF9-FFFF 10300-1031E 10320-10323 10330-1034A 10400-10425 "
            + "10428-1044D 1D000-1D0F5 1D100-1D126 1D12A-1D1DD 1D400-1D454 1D456-1D49C 1D49E-1D49F 1D4A2 "
            + "1D4A5-1D4A6 1D4A9-1D4AC 1D4AE-1D4B9 1D4BB 1D4BD-1D4C0 1D4C2-1D4C3 1D4C5-1D505 1D507-1D50A "
            + "1D50D-1D514 1D516-1D51C 1D51E-1D539 1D53B-1D53E 1D540-1D544 1D546 1D54A-1D550 1D552-1D6A3 "
            + "1D6A8-1D7C9 1D7CE-1D7FF 1FFFE-2A6D6 2F800-2FA1D 2FFFE-2FFFF 3FFFE-3FFFF 4FFFE-4FFFF 5FFFE-5FFFF "
            + "6FFFE-6FFFF 7FFFE-7FFFF 8FFFE-8FFFF 9FFFE-9FFFF AFFFE-AFFFF BFFFE-BFFFF CFFFE-CFFFF DFFFE-DFFFF "
            + "E0001 E0020-E007F EFFFE-10FFFF ";
    private static final int[] BOUNDS = parse(RANGES);

    private Unicode32() {
    }

    /** True when {@code codePoint} was assigned (or designated) in Unicode 3.2. */
    static boolean assigned(int codePoint) {
        int i = Arrays.binarySearch(BOUNDS, codePoint);
        if (i >= 0) return true;
        int insertion = -i - 1;
        return insertion % 2 == 1;
    }

    /** Flattens "A-B C ..." into sorted [start0, end0, start1, end1, ...]. */
    private static int[] parse(String ranges) {
        String[] tokens = ranges.trim().split(" ");
        int[] bounds = new int[tokens.length * 2];
        for (int t = 0; t < tokens.length; t++) {
            String[] ends = tokens[t].split("-");
            bounds[2 * t] = Integer.parseInt(ends[0], 16);
            bounds[2 * t + 1] = Integer.parseInt(ends[ends.length - 1], 16);
        }
        return bounds;
    }
}
