Console.WriteLine("chaos: not yet");
