#!/usr/bin/env python3
"""Record what Pilot 3's ESProcess does with payload commands and messages (test fixture).

Run ONLY through the sandbox, with Pilot 3's checkout in PILOT3_DIR:
  PILOT3_DIR=/work/ext/pilot3 /work/shared/tools/pilot3-sandbox.sh /tmp/p3-es -- \
      python3 "$PWD/scripts/pilot3/record-es-protocol.py" /tmp/p3-es/out.json
(then copy /tmp/p3-es/out.json to test/eventservice/fixtures/pilot3-es-protocol.json)
"""
import json
import os
import sys

sys.path.insert(0, os.environ['PILOT3_DIR'])
from pilot.eventservice.esprocess.esprocess import ESProcess  # noqa: E402

SOCKET = 'EventService_EventRanges_4242'


class Thread:
    def get_yampl_socket_name(self):
        return SOCKET

    def stop(self):
        pass


COMMANDS = [
    'runme.sh --inputEVNTFile=EVNT.pool.root',
    'runme.sh --inputEVNTFile=EVNT.pool.root;',
    'Sim_tf.py --CA --multithreaded=true --maxEvents=10',
    "Sim_tf.py --CA --multithreaded=True --athenaopts='--nprocs=8' --maxEvents=10",
    'Sim_tf.py --CA --maxEvents=10',
    "Sim_tf.py --preExec 'from AthenaMP.AthenaMPFlags import jobproperties as jps;jps.AthenaMPFlags.Foo=1' --maxEvents=10",
    "Sim_tf.py --preExec \"ConfigFlags.Sim.X=1\" --maxEvents=10",
    "Sim_tf.py --preExec='x=1' --maxEvents=10",
    'runme.sh --channel="$PILOT_EVENTRANGECHANNEL"',
    'Sim_tf.py --multithreaded=true --maxEvents=10',
]

MESSAGES = [
    '/w/out.1.pool.root,ID:1-2-3-4-5,CPU:1.5,WALL:2',
    'out.pool.root,ID:7-8-9-10-1,CPU:0,WALL:0,EXTRA:x',
    'ERR_ATHENAMP_PROCESS 1-2-3-4-5: Failed to process event range',
    'ERR_TE_FATAL 1-2-3-4-5:no space',
    "ERR_ATHENAMP_PARSE \"{'eventRangeID': '1-2-3-4-5', 'startEvent': 1}\": Failed to parse",
    'out,ID:1:2,CPU:1',
    'ERR_ATHENAMP_PARSE "{}": bad',
]


def main():
    proc = ESProcess({'executable': 'true'})
    proc._ESProcess__message_thread = Thread()
    injected = [{'command': c, 'result': proc.init_yampl_socket(c)} for c in COMMANDS]
    parsed = []
    for m in MESSAGES:
        try:
            parsed.append({'message': m, 'result': proc.parse_out_message(m)})
        except Exception as exc:  # Pilot 3 raises UnknownException
            parsed.append({'message': m, 'error': type(exc).__name__})
    with open(sys.argv[1], 'w', encoding='utf-8') as out:
        json.dump({'pilot3': '3.11.5.1', 'socket': SOCKET, 'injected': injected, 'parsed': parsed}, out, indent=1)


main()
