#include "textflag.h"

// Offsets in lineTable.
#define NIBBLES 0
#define MASK 192
#define LIMIT 224
#define LOWER 256
#define UPPER 288
#define COS 320
#define BRACE 416
#define ZED 448
#define DIGITS 480
#define DIGITLIMIT 512
#define UNDERSCORE 544
#define DOT 576

// Offsets in lineMasks.
#define HUMPS 0
#define CODES 256
#define DOTS 512
#define MASKED 2048

// func lineScan(p *byte, n int, t *lineTable, m *lineMasks) (f, first, last int)
//
// Each 32-byte chunk at q is read three times, at q, q+1 and q+2: Y0, Y1, Y2. Lane i stands for
// the line's byte q+i; lanes at or past n are masked out of every exact flag (DX), and out of
// humps (the pair q+i, q+i+1) when q+i+1 is (R13). The buckets (Teddy's nibble tables) may
// match in those lanes: a needless search, never a missed one. For the first MASKED bytes, each
// chunk's humps, code bytes and dots go to m as bit masks, with the masked lanes clear.
TEXT ·lineScan(SB), NOSPLIT, $0-56
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), BX
	MOVQ t+16(FP), DI
	MOVQ m+24(FP), R8
	VMOVDQU NIBBLES+0(DI), Y15
	VMOVDQU NIBBLES+32(DI), Y14
	VMOVDQU NIBBLES+64(DI), Y13
	VMOVDQU NIBBLES+96(DI), Y12
	VMOVDQU NIBBLES+128(DI), Y11
	VMOVDQU NIBBLES+160(DI), Y10
	VMOVDQU MASK(DI), Y7
	VMOVDQU LIMIT(DI), Y8
	VMOVDQU DIGITLIMIT(DI), Y9
	VPXOR Y6, Y6, Y6      // buckets seen
	XORQ R11, R11         // flags
	MOVQ $-1, R9          // first hump
	XORQ R10, R10         // past the last hump
	XORQ R12, R12         // q

loop:
	// DX: lanes in the line; R13: lanes whose pair is in the line.
	MOVQ BX, CX
	SUBQ R12, CX
	MOVQ $0xffffffff, DX
	MOVQ DX, R13
	CMPQ CX, $33
	JGE masked
	DECQ CX
	MOVQ $1, R13
	SHLQ CX, R13
	DECQ R13
	INCQ CX
	CMPQ CX, $32
	JGE masked
	MOVQ $1, DX
	SHLQ CX, DX
	DECQ DX

masked:
	VMOVDQU (SI)(R12*1), Y0
	VMOVDQU 1(SI)(R12*1), Y1
	VMOVDQU 2(SI)(R12*1), Y2

	VPMOVMSKB Y0, AX
	ANDQ DX, AX
	JZ nohigh
	ORQ $2, R11

nohigh:

	VPCMPEQB COS+0(DI), Y0, Y3
	VPCMPEQB COS+32(DI), Y0, Y4
	VPOR Y4, Y3, Y3
	VPCMPEQB COS+64(DI), Y0, Y4
	VPOR Y4, Y3, Y3
	VPMOVMSKB Y3, AX
	ANDQ DX, AX
	JZ nocos
	ORQ $16, R11

nocos:
	VPCMPEQB BRACE(DI), Y0, Y3
	VPMOVMSKB Y3, AX
	ANDQ DX, AX
	JZ nobrace
	ORQ $4, R11

nobrace:
	VPCMPEQB ZED(DI), Y0, Y3
	VPMOVMSKB Y3, AX
	ANDQ DX, AX
	JZ noz
	ORQ $8, R11

noz:
	// Humps: a lower-case letter in Y0 and an upper-case one in Y1. A letter moved to -128
	// by the offset is below the limit (signed).
	VPADDB LOWER(DI), Y0, Y3
	VPCMPGTB Y3, Y8, Y3
	VPADDB UPPER(DI), Y1, Y4
	VPCMPGTB Y4, Y8, Y4
	VPAND Y4, Y3, Y5
	VPMOVMSKB Y5, AX
	ANDQ R13, AX
	MOVQ AX, R13          // the humps, kept for m
	JZ nohump
	CMPQ R9, $0
	JGE hadfirst
	BSFQ AX, R14
	LEAQ 1(R12)(R14*1), R9

hadfirst:
	BSRQ AX, R14
	LEAQ 2(R12)(R14*1), R10

nohump:
	CMPQ R12, $MASKED
	JGE unmasked
	// Code bytes: letters (the lower-case ones are in Y3), digits, '_' and '.'.
	VPADDB UPPER(DI), Y0, Y4
	VPCMPGTB Y4, Y8, Y4
	VPOR Y4, Y3, Y3
	VPADDB DIGITS(DI), Y0, Y4
	VPCMPGTB Y4, Y9, Y4
	VPOR Y4, Y3, Y3
	VPCMPEQB UNDERSCORE(DI), Y0, Y4
	VPOR Y4, Y3, Y3
	VPCMPEQB DOT(DI), Y0, Y4
	VPOR Y4, Y3, Y3
	MOVQ R12, R14
	SHRQ $3, R14          // the chunk's mask offset: q/32 masks of 4 bytes
	MOVL R13, HUMPS(R8)(R14*1)
	VPMOVMSKB Y3, AX
	ANDQ DX, AX
	MOVL AX, CODES(R8)(R14*1)
	VPMOVMSKB Y4, AX
	ANDQ DX, AX
	MOVL AX, DOTS(R8)(R14*1)

unmasked:
	// Buckets: a lane's bucket bits are those of its three bytes' nibbles, ANDed.
	VPAND Y7, Y0, Y3
	VPSRLW $4, Y0, Y4
	VPAND Y7, Y4, Y4
	VPSHUFB Y3, Y15, Y3
	VPSHUFB Y4, Y14, Y4
	VPAND Y4, Y3, Y5
	VPAND Y7, Y1, Y3
	VPSRLW $4, Y1, Y4
	VPAND Y7, Y4, Y4
	VPSHUFB Y3, Y13, Y3
	VPSHUFB Y4, Y12, Y4
	VPAND Y4, Y3, Y3
	VPAND Y3, Y5, Y5
	VPAND Y7, Y2, Y3
	VPSRLW $4, Y2, Y4
	VPAND Y7, Y4, Y4
	VPSHUFB Y3, Y11, Y3
	VPSHUFB Y4, Y10, Y4
	VPAND Y4, Y3, Y3
	VPAND Y3, Y5, Y5
	VPOR Y5, Y6, Y6

	ADDQ $32, R12
	CMPQ R12, BX
	JLT loop

	// Fold the buckets seen into one byte.
	VEXTRACTI128 $1, Y6, X3
	VPOR X3, X6, X6
	VMOVQ X6, AX
	VPEXTRQ $1, X6, CX
	ORQ CX, AX
	MOVQ AX, CX
	SHRQ $32, CX
	ORQ CX, AX
	MOVQ AX, CX
	SHRQ $16, CX
	ORQ CX, AX
	MOVQ AX, CX
	SHRQ $8, CX
	ORQ CX, AX
	ANDQ $0xff, AX
	SHLQ $8, AX
	ORQ AX, R11
	VZEROUPPER
	MOVQ R11, f+32(FP)
	MOVQ R9, first+40(FP)
	MOVQ R10, last+48(FP)
	RET
