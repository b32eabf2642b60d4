# float.fromhex: grammar, exact rounding, overflow, subclasses.
for s in ['0x1.8p1','1.8p1',' -0X.8P-1 ','inf','-Infinity','nan','0x1p','0x','.','0x.','0x1p+','1_0','0x1p99999','0x1p-1075','0x1p-1074','0x1.fffffffffffff8p1023','0x1.fffffffffffff7p1023','0x1.00000000000008p0','0x1.00000000000018p0','-0x0p0','0x1p-99999999999999999999', 'ff', '0x1 p1', '\t0x1p1\n', '0x1.p1', '0X.1P4', '-0x1.999999999999ap-4', '', 'x1']:
  try: print(repr(s), float.fromhex(s))
  except Exception as e: print(repr(s), type(e).__name__, e)
class F(float): pass
print(type(F.fromhex('0x1p3')), F.fromhex('0x1p3'))
try: float.fromhex(1)
except Exception as e: print(type(e).__name__, e)
try: float.fromhex()
except Exception as e: print(type(e).__name__, e)
print(all(float.fromhex(x.hex()) == x for x in [0.1, 1e300, 5e-324, 2.5e-310, -7.25, 1/3]))
print((1.5).fromhex('0x3p0'))
